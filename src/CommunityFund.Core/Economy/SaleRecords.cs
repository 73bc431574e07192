using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>How a journal finds the sale it belongs to: every sale, delivery, distribution and refund journal names its
/// sale in its <c>sale.id</c> metadata.</summary>
internal static class SaleRecords
{
    /// <summary>The metadata key naming a journal's sale.</summary>
    internal const string SaleIdKey = "sale.id";

    /// <summary>The sale a journal's metadata names, or <c>null</c>.</summary>
    internal static SaleId? IdOf(Journal journal) => IdOf(journal.Metadata);

    /// <summary>The sale a journal's metadata names, if any.</summary>
    internal static SaleId? IdOf(System.Collections.Immutable.ImmutableSortedDictionary<string, string> metadata) =>
        metadata.TryGetValue(SaleIdKey, out var text) && Guid.TryParse(text, out var id) ? new SaleId(id) : null;

    /// <summary>Whether the journal is one of the sale's: its sale journal, a delivery, a distribution or a refund.</summary>
    internal static bool Has(SaleRecord sale, JournalId journal) =>
        sale.Journal == journal || sale.Deliveries.Contains(journal) || sale.Distributions.Any(d => d.Journal == journal) || sale.Refunds.Any(r => r.Journal == journal);
}
