using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>The schedule of amounts providers owe their community fund and the fund has not received (its receipts are
/// recognised only when they arrive, so these amounts are in no statement of the fund's).</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="AsOf">The date the schedule is drawn up at: accruals, refunds and settlements dated later are left out.</param>
/// <param name="Rows">One row per provider, fund and month with something outstanding, by provider, fund and month.</param>
/// <param name="Totals">One total per provider and fund with any entry, by provider and fund.</param>
public sealed record FundReceivablesReport(LedgerId Ledger, LocalDate AsOf, ImmutableArray<FundReceivableRow> Rows, ImmutableArray<FundReceivableTotal> Totals)
{
    /// <summary>The total outstanding 0–30 days.</summary>
    public Money Days0To30 => Sum(t => t.Days0To30);

    /// <summary>The total outstanding 31–90 days.</summary>
    public Money Days31To90 => Sum(t => t.Days31To90);

    /// <summary>The total outstanding more than 90 days.</summary>
    public Money Over90Days => Sum(t => t.Over90Days);

    /// <summary>The total outstanding, net of unapplied credits.</summary>
    public Money Outstanding => Sum(t => t.Outstanding);

    /// <summary><c>true</c> when every provider's schedule agrees with its books.</summary>
    public bool Agrees => Totals.All(t => t.Agrees);

    private Money Sum(Func<FundReceivableTotal, Money> part) => Totals.Aggregate(Money.Zero(Currency.CNY), (sum, t) => sum + part(t));
}
