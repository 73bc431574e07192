using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// Builds the fund-receivables schedule (ADR 0011). A fund share is <em>received</em> when it is an item of a statement to
/// the fund that was settled by a journal dated on or before the as-of date; items of statements that are only owed or
/// invoiced are still outstanding, so a month can be partly received. Refunds net: the fund part a refund takes off the
/// provider's payable (<see cref="RefundRecord.FundStatementItem"/>) reduces the month of the refund; a month left
/// negative is a credit applied to the oldest unpaid months first. Each month is aged from its last day.
/// </summary>
public static class FundReceivables
{
    /// <summary>Builds the schedule from one moment of the books: the payables in the journals and the sales and
    /// statements that explain them are read through one snapshot of the ledger (<see cref="LedgerSnapshot"/>), from the
    /// books' own records store (<see cref="LedgerEconomyStore"/>), so a sale recorded meanwhile is in neither.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="asOf">The as-of date.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="KeyNotFoundException">The ledger does not exist.</exception>
    public static async Task<FundReceivablesReport> BuildAsync(
        ILedgerStore store, LedgerId ledger, LocalDate asOf, EntityId? provider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var snapshot = await LedgerSnapshot.OpenAsync(store, ledger, cancellationToken).ConfigureAwait(false);
        return await BuildAsync(snapshot.Store, new LedgerEconomyStore(snapshot.Store), ledger, asOf, provider, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds the schedule.</summary>
    /// <param name="ledgers">The ledger store (the payables are read from the journals).</param>
    /// <param name="economy">The economy's records (sales, refunds, statements).</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="asOf">The as-of date.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="KeyNotFoundException">The ledger does not exist.</exception>
    public static Task<FundReceivablesReport> BuildAsync(
        ILedgerStore ledgers, IEconomyStore economy, LedgerId ledger, LocalDate asOf, EntityId? provider = null, CancellationToken cancellationToken = default) =>
        BuildAsync(ledgers, economy, ledger, asOf, provider, null, cancellationToken);

    /// <summary>Builds the schedule from payables already folded from the journals (by a scan shared with other checks,
    /// over the same as-of date and provider), or, when <paramref name="payables"/> is <c>null</c>, read here.</summary>
    /// <remarks>The months come from <paramref name="folded"/> when a caller already folded every sale into it (the audit's
    /// one pass over the sale records), or are folded here.</remarks>
    internal static async Task<FundReceivablesReport> BuildAsync(
        ILedgerStore ledgers, IEconomyStore economy, LedgerId ledger, LocalDate asOf, EntityId? provider, FundPayablesFold? payables, CancellationToken cancellationToken,
        MonthsFold? folded = null)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        ArgumentNullException.ThrowIfNull(economy);
        var state = await ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var (payable, settledOn) = payables is null
            ? await PayablesAsync(ledgers, ledger, state.Definition, asOf, provider, cancellationToken).ConfigureAwait(false)
            : (payables.Payable, payables.SettledOn);
        SortedDictionary<(string Provider, string Fund, YearMonth Month), (long Accrued, long Reversed, long Received)> months;
        if (folded is null)
        {
            var fold = await StartMonthsAsync(economy, ledger, asOf, provider, settledOn, cancellationToken).ConfigureAwait(false);
            await foreach (var sale in SaleDistributions.ReadAllAsync(economy, ledger, provider, cancellationToken).ConfigureAwait(false))
            {
                fold.Add(sale);
            }

            months = fold.Months;
        }
        else
        {
            months = folded.Months;
        }

        var rows = new List<FundReceivableRow>();
        var totals = new List<FundReceivableTotal>();
        var pairs = months.Keys.Select(k => (Provider: EntityId.From(k.Provider), Fund: EntityId.From(k.Fund)))
            .Union(payable.Keys).OrderBy(p => p.Provider).ThenBy(p => p.Fund);
        foreach (var (seller, fund) in pairs)
        {
            totals.Add(AgePair(seller, fund, months, payable.GetValueOrDefault((seller, fund)), asOf, rows));
        }

        return new FundReceivablesReport(ledger, asOf, [.. rows], [.. totals]);
    }

    /// <summary>The provider's payable to each fund, from the journals, and the dates of the settlement journals.</summary>
    private static async Task<(Dictionary<(EntityId Provider, EntityId Fund), long> Payable, Dictionary<JournalId, LocalDate> SettledOn)> PayablesAsync(
        ILedgerStore ledgers, LedgerId ledger, LedgerDefinition definition, LocalDate asOf, EntityId? provider, CancellationToken cancellationToken)
    {
        var fold = new FundPayablesFold(definition, asOf, provider);
        await foreach (var journal in ledgers.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            fold.Add(journal);
        }

        return (fold.Payable, fold.SettledOn);
    }

    /// <summary>Statement items received: on a statement to the fund settled by a journal dated on or before the as-of date.</summary>
    private static async Task<HashSet<(JournalId Journal, bool Accrual, EntityId Fund)>> ReceivedAsync(
        IEconomyStore economy, LedgerId ledger, EntityId? provider, Dictionary<JournalId, LocalDate> settledOn, CancellationToken cancellationToken)
    {
        var received = new HashSet<(JournalId Journal, bool Accrual, EntityId Fund)>();
        foreach (var statement in await economy.ListStatementsAsync(ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            if (statement.Counterparty == DistributionParty.CommunityFund && statement.Status == SettlementStatus.Settled
                && statement.SettlementJournal is { } settlement && settledOn.ContainsKey(settlement))
            {
                foreach (var item in statement.Items)
                {
                    received.Add((item.Journal, item.AmountMinorUnits > 0, statement.CounterpartyEntity));
                }
            }
        }

        return received;
    }

    /// <summary>A fold of the sales into the fund's months as of a date, with the statement items received by then
    /// (read here: statements to the fund settled by a journal in <paramref name="settledOn"/>).</summary>
    internal static async Task<MonthsFold> StartMonthsAsync(
        IEconomyStore economy, LedgerId ledger, LocalDate asOf, EntityId? provider, Dictionary<JournalId, LocalDate> settledOn, CancellationToken cancellationToken)
    {
        var policies = (await economy.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var received = await ReceivedAsync(economy, ledger, provider, settledOn, cancellationToken).ConfigureAwait(false);
        return new MonthsFold(policies, asOf, received);
    }

    /// <summary>Per provider, fund and month: the fund shares accrued, reversed by refunds, and received, folded one sale
    /// at a time.</summary>
    internal sealed class MonthsFold(Dictionary<string, DistributionPolicy> policies, LocalDate asOf, HashSet<(JournalId Journal, bool Accrual, EntityId Fund)> received)
    {
        internal SortedDictionary<(string Provider, string Fund, YearMonth Month), (long Accrued, long Reversed, long Received)> Months { get; } = [];

        /// <summary>Folds one sale's distributions and refunds dated on or before the as-of date.</summary>
        internal void Add(SaleDistributions sale)
        {
            var seller = sale.Request.Provider.Value;
            foreach (var distribution in sale.Distributions.Where(d => d.Date <= asOf && d.Parts.Fund > 0))
            {
                var fund = policies[distribution.PolicyReference].Fund;
                var got = received.Contains((distribution.Journal, true, fund)) ? distribution.Parts.Fund : 0;
                Add((seller, fund.Value, MonthOf(distribution.Date)), distribution.Parts.Fund, 0, got);
            }

            if (sale.Distributions.IsEmpty)
            {
                return;
            }

            // As the statements do: a sale's refunds go to the fund of its first distribution's policy.
            var saleFund = policies[sale.Distributions[0].PolicyReference].Fund;
            foreach (var refund in sale.Refunds.Where(r => r.Date <= asOf && r.FundStatementItem > 0))
            {
                var got = received.Contains((refund.Journal, false, saleFund)) ? -refund.FundStatementItem : 0;
                Add((seller, saleFund.Value, MonthOf(refund.Date)), 0, refund.FundStatementItem, got);
            }
        }

        private void Add((string, string, YearMonth) key, long accrued, long reversed, long got)
        {
            var (a, r, g) = Months.GetValueOrDefault(key);
            Months[key] = (checked(a + accrued), checked(r + reversed), checked(g + got));
        }
    }

    /// <summary>Ages what one provider owes one fund: a month left negative is a credit applied to the oldest unpaid
    /// months first; each month still outstanding is a row, aged from its last day.</summary>
    /// <returns>The pair's total.</returns>
    private static FundReceivableTotal AgePair(
        EntityId seller, EntityId fund, SortedDictionary<(string Provider, string Fund, YearMonth Month), (long Accrued, long Reversed, long Received)> months,
        long payable, LocalDate asOf, List<FundReceivableRow> rows)
    {
        var open = months.Where(m => m.Key.Provider == seller.Value && m.Key.Fund == fund.Value)
            .Select(m => (m.Key.Month, m.Value.Accrued, m.Value.Reversed, m.Value.Received, Net: m.Value.Accrued - m.Value.Reversed - m.Value.Received))
            .ToList();
        var credit = -open.Where(m => m.Net < 0).Sum(m => m.Net);
        var buckets = new long[3];
        foreach (var month in open.Where(m => m.Net > 0))
        {
            var applied = Math.Min(credit, month.Net);
            credit -= applied;
            var outstanding = month.Net - applied;
            if (outstanding == 0)
            {
                continue;
            }

            var end = month.Month.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1);
            var age = Math.Max(0, Period.DaysBetween(end, asOf));
            var bucket = BucketOf(age);
            buckets[(int)bucket - 1] += outstanding;
            rows.Add(new FundReceivableRow(seller, fund, month.Month, end, age, bucket, Cny(month.Accrued), Cny(month.Reversed), Cny(month.Received), Cny(applied), Cny(outstanding)));
        }

        return new FundReceivableTotal(seller, fund, Cny(buckets[0]), Cny(buckets[1]), Cny(buckets[2]), Cny(credit), Cny(payable));
    }

    /// <summary>The bucket of an age in days.</summary>
    /// <param name="ageDays">Days since the end of the month the amount accrued in (0 or more).</param>
    /// <returns>0–30, 31–90 or over 90 days.</returns>
    public static AgeBucket BucketOf(int ageDays) => ageDays switch
    {
        <= 30 => AgeBucket.Days0To30,
        <= 90 => AgeBucket.Days31To90,
        _ => AgeBucket.Over90Days,
    };

    private static YearMonth MonthOf(LocalDate date) => new(date.Year, date.Month);

    private static Money Cny(long fen) => Money.FromMinorUnits(fen, Currency.CNY);
}
