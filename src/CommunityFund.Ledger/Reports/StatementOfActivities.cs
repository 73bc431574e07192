using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>业务活动表 — the statement of activities of a 民非 entity for a date range: revenues by source and expenses,
/// each split into unrestricted and restricted columns, and the change in net assets.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="From">The first date.</param>
/// <param name="To">The last date.</param>
/// <param name="Revenues">Revenue lines (41xx–49xx), positive.</param>
/// <param name="Expenses">Expense lines (51xx–54xx), positive.</param>
public sealed record StatementOfActivities(EntityId Entity, LocalDate From, LocalDate To, ImmutableArray<StatementLine> Revenues, ImmutableArray<StatementLine> Expenses)
{
    /// <summary>限定性净资产转为非限定性净资产: restricted net assets released in the range (at period closes), positive.</summary>
    public Money ReleasedFromRestriction { get; init; } = Money.Zero(Currency.CNY);

    /// <summary>Total revenue.</summary>
    public StatementLine TotalRevenue => Sum("收入合计", "Total revenue", Revenues);

    /// <summary>Total expenses.</summary>
    public StatementLine TotalExpenses => Sum("费用合计", "Total expenses", Expenses);

    /// <summary>Change in net assets: revenue less expenses, plus the releases, per column (净资产变动额).</summary>
    public StatementLine ChangeInNetAssets => new(string.Empty, "净资产变动额", "Change in net assets",
        TotalRevenue.Unrestricted - TotalExpenses.Unrestricted + ReleasedFromRestriction, TotalRevenue.Restricted - TotalExpenses.Restricted - ReleasedFromRestriction);

    /// <summary>Builds the statement from the maintained balances (two as-of reads, no journal scan); the closing entries
    /// of periods closed inside the range are added back from the close records, so a closed period still shows its
    /// revenues and expenses.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">A 民非 (NPO_CN) entity.</param>
    /// <param name="from">The first date.</param>
    /// <param name="to">The last date.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="KeyNotFoundException">The ledger or entity does not exist.</exception>
    /// <exception cref="ArgumentException">The entity does not keep NPO_CN books.</exception>
    public static async Task<StatementOfActivities> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        var (chart, movement) = await Statements.MovementAsync(store, ledger, entity, from.PlusDays(-1), to, cancellationToken).ConfigureAwait(false);
        var (closing, released) = await Posting.ClosedPeriods.BetweenAsync(store, ledger, entity, from.PlusDays(-1), to, cancellationToken).ConfigureAwait(false);
        foreach (var (account, amount) in closing)
        {
            movement[account] = checked(movement.GetValueOrDefault(account) - amount);
        }

        return new StatementOfActivities(entity, from, to,
            Statements.Lines(chart, movement, AccountType.Revenue, sign: -1),
            Statements.Lines(chart, movement, AccountType.Expense, sign: 1))
        {
            ReleasedFromRestriction = Money.FromMinorUnits(released, Currency.CNY),
        };
    }

    private static StatementLine Sum(string zh, string en, ImmutableArray<StatementLine> lines) =>
        new(string.Empty, zh, en, lines.Aggregate(Money.Zero(Currency.CNY), (s, l) => s + l.Unrestricted), lines.Aggregate(Money.Zero(Currency.CNY), (s, l) => s + l.Restricted));
}
