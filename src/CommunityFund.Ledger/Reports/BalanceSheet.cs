using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// 资产负债表 — the balance sheet of a company-form (SME_CN) entity as of a date: assets, liabilities and owners' equity,
/// with the profit not yet closed into 3103 shown in equity, so the sheet balances at any date.
/// </summary>
/// <param name="Entity">The entity.</param>
/// <param name="AsOf">The date.</param>
/// <param name="Assets">Asset lines (net of contra accounts such as accumulated depreciation).</param>
/// <param name="Liabilities">Liability lines.</param>
/// <param name="Equity">Owners' equity lines (3001–3104).</param>
/// <param name="UnclosedProfit">Revenue less expenses not yet closed into current-year profit (3103).</param>
public sealed record BalanceSheet(EntityId Entity, LocalDate AsOf, ImmutableArray<AmountLine> Assets, ImmutableArray<AmountLine> Liabilities, ImmutableArray<AmountLine> Equity, Money UnclosedProfit)
{
    /// <summary>Total assets.</summary>
    public Money TotalAssets => Total(Assets);

    /// <summary>Total liabilities.</summary>
    public Money TotalLiabilities => Total(Liabilities);

    /// <summary>Total owners' equity, including the unclosed profit.</summary>
    public Money TotalEquity => Total(Equity) + UnclosedProfit;

    /// <summary><c>true</c> when assets equal liabilities plus equity.</summary>
    public bool Balances => TotalAssets == TotalLiabilities + TotalEquity;

    /// <summary>Builds the sheet from the maintained balances as of a date.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">A company-form (SME_CN) entity.</param>
    /// <param name="asOf">The date.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sheet.</returns>
    /// <exception cref="ArgumentException">The entity does not keep SME_CN books.</exception>
    public static async Task<BalanceSheet> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var (chart, balances) = await Statements.MovementAsync(store, ledger, entity, null, asOf, cancellationToken, AccountingProfile.SmeCn).ConfigureAwait(false);
        ImmutableArray<AmountLine> Of(AccountType type, int sign) =>
            [.. Statements.Lines(chart, balances, type, sign).Select(l => new AmountLine(l.Code, l.NameZh, l.NameEn, l.Total))];
        var profit = Total(Of(AccountType.Revenue, -1)) - Total(Of(AccountType.Expense, 1));
        return new BalanceSheet(entity, asOf, Of(AccountType.Asset, 1), Of(AccountType.Liability, -1), Of(AccountType.NetAssets, -1), profit);
    }

    private static Money Total(ImmutableArray<AmountLine> lines) => lines.Aggregate(Money.Zero(Currency.CNY), (total, line) => total + line.Amount);
}
