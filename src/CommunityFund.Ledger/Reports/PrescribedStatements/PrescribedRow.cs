using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Reports;

/// <summary>A row of a prescribed form, as the official format lists it: its row number (行次), its label, and where its
/// amounts come from — accounts (with their descendants), other rows, or the releases.</summary>
/// <param name="Number">The 行次, or <c>null</c> for a heading.</param>
/// <param name="NameZh">The official label.</param>
/// <param name="NameEn">An English label.</param>
/// <param name="Kind">What the row holds.</param>
public sealed record PrescribedRow(int? Number, string NameZh, string NameEn, PrescribedRowKind Kind)
{
    /// <summary>The side that reads positive: <see cref="Side.Debit"/> for assets and expenses, <see cref="Side.Credit"/>
    /// for liabilities, net assets, equity and revenue (and for contra lines shown positive, such as 减：累计折旧).</summary>
    public Side Side { get; init; } = Side.Debit;

    /// <summary>The accounts added (each with its sub-accounts); an account the chart lacks reads zero.</summary>
    public ImmutableArray<AccountCode> Accounts { get; init; } = [];

    /// <summary>For a total: the rows added (positive 行次) or subtracted (negative 行次).</summary>
    public ImmutableArray<int> Rows { get; init; } = [];

    /// <summary>For a line of a cash-flow statement: the cash-flow items it adds (cash in positive on a debit-side
    /// receipt line, cash out positive on a credit-side payment line).</summary>
    public ImmutableArray<CashFlowItem> CashFlows { get; init; } = [];

    /// <summary>For a total of a cash-flow statement (现金净增加额): whether it adds the cash moved without a cash-flow
    /// item, so that it always equals the change in 货币资金.</summary>
    public bool AddsUnclassified { get; init; }

    /// <summary>Which accounts by restriction class (民非 净资产 rows).</summary>
    public PrescribedRestriction Restriction { get; init; } = PrescribedRestriction.Any;

    /// <summary>The indentation of the label (0 for headings and totals, 1 for lines, 2 for 其中 rows).</summary>
    public int Indent { get; init; }

    /// <summary><c>true</c> when this row reads an account (or one of its ancestors) of its restriction class.</summary>
    /// <param name="chart">The chart the account belongs to.</param>
    /// <param name="account">The account.</param>
    /// <returns>Whether the account's amount goes into this row.</returns>
    public bool Reads(ChartOfAccounts chart, AccountCode account)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (Kind is not (PrescribedRowKind.Line or PrescribedRowKind.Detail) || !Accounts.Any(account.IsWithin))
        {
            return false;
        }

        return Admits(Restriction, IsRestricted(chart, account));
    }

    /// <summary><c>true</c> when the account is restricted: it requires the restriction dimension, or it is 3102.</summary>
    internal static bool IsRestricted(ChartOfAccounts chart, AccountCode account) =>
        (chart.Profile == AccountingProfile.NpoCn && account.IsWithin(AccountCode.Parse("3102")))
        || (chart.Find(account)?.RequiredDimensions.Contains(DimensionNames.Restriction) ?? false);

    /// <summary><c>true</c> when a filter admits an account of a class.</summary>
    internal static bool Admits(PrescribedRestriction filter, bool restricted) => filter switch
    {
        PrescribedRestriction.Unrestricted => !restricted,
        PrescribedRestriction.Restricted => restricted,
        _ => true,
    };
}
