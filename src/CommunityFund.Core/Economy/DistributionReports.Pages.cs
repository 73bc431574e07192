using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public static partial class DistributionReports
{
    /// <summary>The distribution report's rows of the given distributions (sale, journal), in the order given: the sales
    /// read in one batch, statuses looked up for these journals only; a distribution no longer on its sale is skipped.</summary>
    internal static async Task<ImmutableArray<DistributionReportRow>> RowsAsync(IEconomyStore store, LedgerId ledger, EntityId? provider,
        IReadOnlyList<(SaleId Sale, JournalId Journal)> picks, CancellationToken cancellationToken)
    {
        if (picks.Count == 0)
        {
            return [];
        }

        var sales = (await store.GetRecordsAsync(ledger, EconomyRecords.Sale.Kind, [.. picks.Select(p => p.Sale.ToString()).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false))
            .Select(SaleDistributions.Read).ToDictionary(s => s.Id);
        var status = await StatusesAsync(store, ledger, provider, picks.Select(p => p.Journal).ToHashSet(), cancellationToken).ConfigureAwait(false);
        return [.. picks
            .Select(p => (Sale: sales.GetValueOrDefault(p.Sale), p.Journal))
            .Select(p => (p.Sale, Distribution: p.Sale?.Distributions.FirstOrDefault(d => d.Journal == p.Journal)))
            .Where(p => p.Distribution is not null)
            .Select(p => Row(p.Sale!, p.Distribution!, status))];
    }

    /// <summary>The settlement status of each (journal, counterparty) on a statement, for the given journals only.</summary>
    private static async Task<Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus>> StatusesAsync(
        IEconomyStore store, LedgerId ledger, EntityId? provider, HashSet<JournalId> journals, CancellationToken cancellationToken)
    {
        var status = new Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus>();
        foreach (var statement in await store.ListStatementsAsync(ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in statement.Items.Where(i => i.AmountMinorUnits > 0 && journals.Contains(i.Journal)))
            {
                status.Add((item.Journal, statement.Counterparty), statement.Status);
            }
        }

        return status;
    }

    private static DistributionReportRow Row(SaleDistributions s, DistributionRecord d, Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus> status) => new(
        s.Id, s.Request.Provider, $"{s.Request.PackageId}@{s.PackageVersion}", s.Request.Tier, d,
        status.TryGetValue((d.Journal, DistributionParty.Hub), out var hub) ? hub : null,
        status.TryGetValue((d.Journal, DistributionParty.CommunityFund), out var fund) ? fund : null,
        s.Reversed);
}
