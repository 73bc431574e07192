using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public static partial class DistributionReports
{
    /// <summary>The distribution report's rows of the given distributions (sale, journal), in the order given: the sales
    /// read in one batch, statuses looked up for these journals only; a distribution no longer on its sale is skipped.</summary>
    internal static async Task<ImmutableArray<DistributionReportRow>> RowsAsync(IEconomyStore store, LedgerId ledger,
        IReadOnlyList<(SaleId Sale, JournalId Journal)> picks, CancellationToken cancellationToken)
    {
        if (picks.Count == 0)
        {
            return [];
        }

        var sales = (await store.GetRecordsAsync(ledger, EconomyRecords.Sale.Kind, [.. picks.Select(p => p.Sale.ToString()).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false))
            .Select(SaleDistributions.Read).ToDictionary(s => s.Id);
        var journals = picks.Where(p => sales.ContainsKey(p.Sale)).Select(p => (sales[p.Sale].Request.Provider, p.Journal)).Distinct().ToList();
        var status = await StatusesAsync(store, ledger, journals, cancellationToken).ConfigureAwait(false);
        return [.. picks
            .Select(p => (Sale: sales.GetValueOrDefault(p.Sale), p.Journal))
            .Select(p => (p.Sale, Distribution: p.Sale?.Distributions.FirstOrDefault(d => d.Journal == p.Journal)))
            .Where(p => p.Distribution is not null)
            .Select(p => Row(p.Sale!, p.Distribution!, status))];
    }

    /// <summary>The settlement status of each (journal, counterparty) on a statement, for the given journals only: the
    /// statements that billed them are read (<see cref="BilledStatements"/>), not every statement of the ledger.</summary>
    private static async Task<Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus>> StatusesAsync(
        IEconomyStore store, LedgerId ledger, IReadOnlyCollection<(EntityId Provider, JournalId Journal)> journals, CancellationToken cancellationToken) =>
        (await BilledStatements.FindAsync(store, ledger, journals, cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.Key, b => b.Value.Status);

    private static DistributionReportRow Row(SaleDistributions s, DistributionRecord d, Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus> status) => new(
        s.Id, s.Request.Provider, $"{s.Request.PackageId}@{s.PackageVersion}", s.Request.Tier, d,
        status.TryGetValue((d.Journal, DistributionParty.Hub), out var hub) ? hub : null,
        status.TryGetValue((d.Journal, DistributionParty.CommunityFund), out var fund) ? fund : null,
        s.Reversed);
}
