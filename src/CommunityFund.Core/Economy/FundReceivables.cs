using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>How long an amount owed to the community fund has been unpaid, counted in days from the end of the month it
/// accrued in (see ADR 0011).</summary>
public enum AgeBucket
{
    /// <summary>0 to 30 days (the month just ended, or the current month).</summary>
    Days0To30 = 1,

    /// <summary>31 to 90 days.</summary>
    Days31To90 = 2,

    /// <summary>More than 90 days: the audit warns of it (<c>fund.share_overdue</c>).</summary>
    Over90Days = 3,
}

/// <summary>One month of one provider's fund shares that the fund has not yet received, as of the schedule's date.</summary>
/// <param name="Provider">The provider that owes the share.</param>
/// <param name="Fund">The community-fund entity it is owed to.</param>
/// <param name="Month">The month the shares accrued in (the date of their distribution journals).</param>
/// <param name="AgedFrom">The last day of <paramref name="Month"/>, from which the age is counted.</param>
/// <param name="AgeDays">Days from <paramref name="AgedFrom"/> to the schedule's date; 0 while the month is not over.</param>
/// <param name="Bucket">The age bucket.</param>
/// <param name="Accrued">The fund shares distributed in the month (the provider's credits to its payable to the fund).</param>
/// <param name="Reversed">The fund shares reversed by refunds dated in the month (the refunds' fund statement items).</param>
/// <param name="Received">What of the month's accruals and reversals is on statements settled by the schedule's date.</param>
/// <param name="CreditApplied">Reversals of later months not yet received, applied to this month (oldest first).</param>
/// <param name="Outstanding">What is still owed for the month: accrued − reversed − received − credit applied; always positive.</param>
public sealed record FundReceivableRow(
    EntityId Provider, EntityId Fund, YearMonth Month, LocalDate AgedFrom, int AgeDays, AgeBucket Bucket,
    Money Accrued, Money Reversed, Money Received, Money CreditApplied, Money Outstanding);

/// <summary>One provider's total owed to one fund, by age, reconciled with the provider's payable in its own books.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Fund">The community-fund entity.</param>
/// <param name="Days0To30">Outstanding 0–30 days.</param>
/// <param name="Days31To90">Outstanding 31–90 days.</param>
/// <param name="Over90Days">Outstanding more than 90 days.</param>
/// <param name="UnappliedCredit">Reversals not yet received that exceed every unpaid month (the fund owes them back,
/// or they wait for later accruals); zero or positive.</param>
/// <param name="PayableInBooks">The provider's payable to the fund by its journals (DueToFund, counterparty = the fund),
/// dated up to the schedule's date.</param>
public sealed record FundReceivableTotal(EntityId Provider, EntityId Fund, Money Days0To30, Money Days31To90, Money Over90Days, Money UnappliedCredit, Money PayableInBooks)
{
    /// <summary>What the schedule says is owed: the three buckets less the unapplied credit.</summary>
    public Money Outstanding => Days0To30 + Days31To90 + Over90Days - UnappliedCredit;

    /// <summary><c>true</c> when the schedule, built from the sale and statement records, equals the payable in the
    /// provider's books.</summary>
    public bool Agrees => Outstanding == PayableInBooks;
}

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

/// <summary>
/// Builds the fund-receivables schedule (ADR 0011). A fund share is <em>received</em> when it is an item of a statement to
/// the fund that was settled by a journal dated on or before the as-of date; items of statements that are only owed or
/// invoiced are still outstanding, so a month can be partly received. Refunds net: the fund part a refund takes off the
/// provider's payable (<see cref="RefundRecord.FundStatementItem"/>) reduces the month of the refund; a month left
/// negative is a credit applied to the oldest unpaid months first. Each month is aged from its last day.
/// </summary>
public static class FundReceivables
{
    /// <summary>Builds the schedule.</summary>
    /// <param name="ledgers">The ledger store (the payables are read from the journals).</param>
    /// <param name="economy">The economy's records (sales, refunds, statements).</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="asOf">The as-of date.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="KeyNotFoundException">The ledger does not exist.</exception>
    public static async Task<FundReceivablesReport> BuildAsync(
        ILedgerStore ledgers, IEconomyStore economy, LedgerId ledger, LocalDate asOf, EntityId? provider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        ArgumentNullException.ThrowIfNull(economy);
        var state = await ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");

        // The provider's payable to each fund, from the journals, and the dates of the settlement journals.
        var payable = new Dictionary<(EntityId Provider, EntityId Fund), long>();
        var settledOn = new Dictionary<JournalId, LocalDate>();
        await foreach (var journal in ledgers.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (journal.AccountingDate > asOf)
            {
                continue;
            }

            if (journal.Kind == JournalKind.Settlement)
            {
                settledOn[journal.Id] = journal.AccountingDate;
            }

            foreach (var line in journal.Lines)
            {
                if ((provider is null || line.Entity == provider) && state.Definition.FindEntity(line.Entity) is { Kind: EntityKind.Provider } entity
                    && ProviderAccounts.For(entity.Profile) is { } accounts && line.Account == accounts.DueToFund
                    && line.Dimensions.TryGetValue(DimensionNames.Counterparty, out var other) && EntityId.TryFrom(other, out var fund))
                {
                    payable[(line.Entity, fund)] = checked(payable.GetValueOrDefault((line.Entity, fund)) - line.SignedMinorUnits);
                }
            }
        }

        // Statement items received: on a statement to the fund settled by a journal dated on or before the as-of date.
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

        var policies = (await economy.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var months = new SortedDictionary<(string Provider, string Fund, YearMonth Month), (long Accrued, long Reversed, long Received)>();
        void Add((string, string, YearMonth) key, long accrued, long reversed, long got)
        {
            var (a, r, g) = months.GetValueOrDefault(key);
            months[key] = (checked(a + accrued), checked(r + reversed), checked(g + got));
        }

        foreach (var sale in await economy.ListSalesAsync(ledger, provider, cancellationToken).ConfigureAwait(false))
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
                continue;
            }

            // As the statements do: a sale's refunds go to the fund of its first distribution's policy.
            var saleFund = policies[sale.Distributions[0].PolicyReference].Fund;
            foreach (var refund in sale.Refunds.Where(r => r.Date <= asOf && r.FundStatementItem > 0))
            {
                var got = received.Contains((refund.Journal, false, saleFund)) ? -refund.FundStatementItem : 0;
                Add((seller, saleFund.Value, MonthOf(refund.Date)), 0, refund.FundStatementItem, got);
            }
        }

        var rows = new List<FundReceivableRow>();
        var totals = new List<FundReceivableTotal>();
        var pairs = months.Keys.Select(k => (Provider: EntityId.From(k.Provider), Fund: EntityId.From(k.Fund)))
            .Union(payable.Keys).OrderBy(p => p.Provider).ThenBy(p => p.Fund);
        foreach (var (seller, fund) in pairs)
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

            totals.Add(new FundReceivableTotal(seller, fund, Cny(buckets[0]), Cny(buckets[1]), Cny(buckets[2]), Cny(credit), Cny(payable.GetValueOrDefault((seller, fund)))));
        }

        return new FundReceivablesReport(ledger, asOf, [.. rows], [.. totals]);
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
