using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// 利润表 — the income statement of a company-form (SME_CN, 小企业会计准则) entity for a date range, in the standard's
/// order: operating revenue, operating costs, taxes and surcharges, selling and administrative expenses, operating
/// profit, non-operating income and expenses, total profit, income tax and net profit. Periods closed inside the range
/// are added back from their close records, so a closed month still shows its revenue and expenses.
/// </summary>
/// <param name="Entity">The entity.</param>
/// <param name="From">The first date.</param>
/// <param name="To">The last date.</param>
/// <param name="Lines">Each account with movement, by code.</param>
public sealed record IncomeStatement(EntityId Entity, LocalDate From, LocalDate To, ImmutableArray<AmountLine> Lines)
{
    /// <summary>营业收入: main and other operating revenue (5001, 5051).</summary>
    public Money OperatingRevenue => Sum("5001", "5051");

    /// <summary>营业成本: main and other operating costs (5401, 5402).</summary>
    public Money OperatingCosts => Sum("5401", "5402");

    /// <summary>营业利润: operating revenue less operating costs, taxes and surcharges, selling and administrative expenses.</summary>
    public Money OperatingProfit => OperatingRevenue - OperatingCosts - Sum("5403", "5601", "5602");

    /// <summary>利润总额: operating profit plus non-operating income (5301) less non-operating expenses (5711).</summary>
    public Money TotalProfit => OperatingProfit + Sum("5301") - Sum("5711");

    /// <summary>净利润: total profit less income tax (5801).</summary>
    public Money NetProfit => TotalProfit - Sum("5801");

    /// <summary>Builds the statement from the maintained balances (no journal scan).</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">A company-form (SME_CN) entity.</param>
    /// <param name="from">The first date.</param>
    /// <param name="to">The last date.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ArgumentException">The entity does not keep SME_CN books.</exception>
    public static async Task<IncomeStatement> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        var (chart, movement) = await Statements.MovementAsync(store, ledger, entity, from.PlusDays(-1), to, cancellationToken, AccountingProfile.SmeCn).ConfigureAwait(false);
        var (closing, _) = await ClosedPeriods.BetweenAsync(store, ledger, entity, from.PlusDays(-1), to, cancellationToken).ConfigureAwait(false);
        foreach (var (account, amount) in closing)
        {
            movement[account] = checked(movement.GetValueOrDefault(account) - amount);
        }

        var lines = Statements.Lines(chart, movement, AccountType.Revenue, sign: -1)
            .Concat(Statements.Lines(chart, movement, AccountType.Expense, sign: 1))
            .OrderBy(l => l.Code, StringComparer.Ordinal)
            .Select(l => new AmountLine(l.Code, l.NameZh, l.NameEn, l.Total));
        return new IncomeStatement(entity, from, to, [.. lines]);
    }

    private Money Sum(params string[] codes) =>
        Lines.Where(l => codes.Contains(l.Code)).Aggregate(Money.Zero(Currency.CNY), (total, line) => total + line.Amount);
}
