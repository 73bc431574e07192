using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>Reports on the distribution: per sale, the fairness of each stream, and due-to/due-from reconciliation.</summary>
public static partial class DistributionReports
{
    /// <summary>The fairness report: per provider and policy version, each party's cumulative parts against its exact
    /// share of the cumulative base, over distributions dated up to <paramref name="through"/>.</summary>
    /// <param name="store">The economy store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="through">The last date included, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The streams.</returns>
    public static async Task<ImmutableArray<FairnessStream>> FairnessAsync(IEconomyStore store, LedgerId ledger, LocalDate? through = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var policies = (await store.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var streams = new Dictionary<(EntityId Provider, string Policy), (int Count, long Base, SharePartition Parts)>();
        await foreach (var sale in SaleDistributions.ReadAllAsync(store, ledger, null, cancellationToken).ConfigureAwait(false))
        {
            AddToStreams(streams, sale, through);
        }

        return Streams(streams, policies);
    }

    /// <summary>Adds a sale's distributions dated through a day (or all) to the per (provider, policy) totals.</summary>
    internal static void AddToStreams(Dictionary<(EntityId Provider, string Policy), (int Count, long Base, SharePartition Parts)> streams, SaleDistributions sale, LocalDate? through)
    {
        foreach (var distribution in sale.Distributions.Where(d => through is null || d.Date <= through))
        {
            var key = (sale.Request.Provider, distribution.PolicyReference);
            var (count, total, parts) = streams.GetValueOrDefault(key, (0, 0, SharePartition.Zero));
            streams[key] = (count + 1, checked(total + distribution.Base.MinorUnits), parts.Plus(distribution.Parts));
        }
    }

    /// <summary>The fairness streams from per (provider, policy) totals, by provider then policy.</summary>
    internal static ImmutableArray<FairnessStream> Streams(
        Dictionary<(EntityId Provider, string Policy), (int Count, long Base, SharePartition Parts)> streams, Dictionary<string, DistributionPolicy> policies) =>
        [.. streams
            .OrderBy(s => s.Key.Provider).ThenBy(s => s.Key.Policy, StringComparer.Ordinal)
            .Select(s =>
            {
                var policy = policies[s.Key.Policy];
                var (count, baseTotal, parts) = s.Value;
                var lines = policy.Shares.Select(share =>
                {
                    var paid = parts.Of(share.Party);
                    var exact = baseTotal * (decimal)share.BasisPoints / DistributionPolicy.TotalBasisPoints / 100m;
                    return new FairnessLine(share.Party, share.BasisPoints, Money.FromMinorUnits(paid, Currency.CNY), exact, (paid / 100m) - exact);
                });
                return new FairnessStream(s.Key.Provider, s.Key.Policy, count, Money.FromMinorUnits(baseTotal, Currency.CNY), [.. lines]);
            })];

    /// <summary>The distribution report: one row per distribution dated in the range, with its policy, rounding rule,
    /// settlement status and refunds.</summary>
    /// <param name="store">The economy store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="from">The first date, or <c>null</c>.</param>
    /// <param name="to">The last date, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows, by date.</returns>
    public static async Task<ImmutableArray<DistributionReportRow>> DistributionsAsync(IEconomyStore store, LedgerId ledger, EntityId? provider = null, LocalDate? from = null, LocalDate? to = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var statements = await store.ListStatementsAsync(ledger, provider, cancellationToken).ConfigureAwait(false);
        var status = statements
            .SelectMany(s => s.Items.Where(i => i.AmountMinorUnits > 0).Select(i => (i.Journal, s.Counterparty, s.Status)))
            .ToDictionary(x => (x.Journal, x.Counterparty), x => x.Status);
        var rows = new List<DistributionReportRow>();
        await foreach (var s in SaleDistributions.ReadAllAsync(store, ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            rows.AddRange(s.Distributions
                .Where(d => (from is null || d.Date >= from) && (to is null || d.Date <= to))
                .Select(d => Row(s, d, status)));
        }

        return [.. rows.OrderBy(r => r.Distribution.Date).ThenBy(r => r.Distribution.Journal)];
    }

    /// <summary>The distributions per provider, month and policy version: how many, their base and each party's share,
    /// and what refunds dated in the month reversed.</summary>
    /// <param name="store">The economy's records.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows, by provider, month and policy.</returns>
    public static async Task<ImmutableArray<DistributionPeriodRow>> ByPeriodAsync(IEconomyStore store, LedgerId ledger, EntityId? provider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = new SortedDictionary<(string Provider, YearMonth Month, string Policy), (int Count, long Base, SharePartition Parts, SharePartition Reversed)>();
        await foreach (var sale in SaleDistributions.ReadAllAsync(store, ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            var policy = sale.Distributions.FirstOrDefault()?.PolicyReference ?? sale.PolicyReference ?? "-";
            foreach (var distribution in sale.Distributions)
            {
                var key = (sale.Request.Provider.Value, new YearMonth(distribution.Date.Year, distribution.Date.Month), distribution.PolicyReference);
                var (count, total, parts, reversed) = rows.GetValueOrDefault(key, (0, 0, SharePartition.Zero, SharePartition.Zero));
                rows[key] = (count + 1, checked(total + distribution.Base.MinorUnits), parts.Plus(distribution.Parts), reversed);
            }

            foreach (var refund in sale.Refunds)
            {
                var key = (sale.Request.Provider.Value, new YearMonth(refund.Date.Year, refund.Date.Month), policy);
                var (count, total, parts, reversed) = rows.GetValueOrDefault(key, (0, 0, SharePartition.Zero, SharePartition.Zero));
                rows[key] = (count, total, parts, reversed.Plus(refund.Reversed));
            }
        }

        return PeriodRows(rows);
    }

    /// <summary>The by-period rows from per (provider, month, policy) totals, in the key's order.</summary>
    internal static ImmutableArray<DistributionPeriodRow> PeriodRows(
        SortedDictionary<(string Provider, YearMonth Month, string Policy), (int Count, long Base, SharePartition Parts, SharePartition Reversed)> rows) =>
        [.. rows.Select(r => new DistributionPeriodRow(EntityId.From(r.Key.Provider), r.Key.Month, r.Key.Policy, r.Value.Count,
            Money.FromMinorUnits(r.Value.Base, Currency.CNY), r.Value.Parts, r.Value.Reversed))];

    /// <summary>Reconciles every provider's payable to a hub with that hub's receivable from the provider, from the
    /// journals alone (lines carry the counterparty dimension), as of a date.</summary>
    /// <param name="ledgers">The ledger store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="asOf">The last accounting date included, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>One row per provider–hub pair that has entries.</returns>
    public static async Task<ImmutableArray<Reconciliation>> ReconcileDueToDueFromAsync(ILedgerStore ledgers, LedgerId ledger, LocalDate? asOf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        var state = await ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var fold = new DueToDueFromFold(state.Definition, asOf);
        await foreach (var journal in ledgers.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            fold.Add(journal);
        }

        return fold.Rows();
    }
}
