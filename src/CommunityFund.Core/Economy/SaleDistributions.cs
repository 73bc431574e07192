using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>A sale record read for the distribution reports and the audit only: the sale's id, provider, package and
/// tier, its distributions and its refunds, read from the sale's document (same kind, schema version, serializer options and upgrade steps
/// as <see cref="EconomyRecords.Sale"/>) while the serializer skips the rest of the request, the deliveries and the
/// carry; read one at a time from <see cref="ReadAllAsync"/>, so a report over every sale holds only what it folds.</summary>
internal sealed record SaleDistributions
{
    private static readonly RecordType<SaleDistributions> Record = new(EconomyRecords.Sale.Kind, EconomyRecords.Sale.SchemaVersion, SaleRecordJson.Options, EconomyRecords.Sale.Upgrade);

    /// <summary>The sale id.</summary>
    public required SaleId Id { get; init; }

    /// <summary>The request's provider, package and tier.</summary>
    public required SaleTerms Request { get; init; }

    /// <summary>The package version sold.</summary>
    public required int PackageVersion { get; init; }

    /// <summary>The policy the sale was priced under, when it had no distribution yet.</summary>
    public string? PolicyReference { get; init; }

    /// <summary>The distributions.</summary>
    public ImmutableList<DistributionRecord> Distributions { get; init; } = [];

    /// <summary>The refunds.</summary>
    public ImmutableList<RefundRecord> Refunds { get; init; } = [];

    /// <summary>What the refunds reversed, as <see cref="SaleRecord.Reversed"/>.</summary>
    public SharePartition Reversed => Refunds.Aggregate(SharePartition.Zero, (sum, r) => sum.Plus(r.Reversed));

    /// <summary>Reads the sales of a ledger (or of one provider) in recording order, one at a time.</summary>
    internal static async IAsyncEnumerable<SaleDistributions> ReadAllAsync(
        IEconomyStore store, LedgerId ledger, EntityId? provider, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var document in store.StreamRecordsAsync(ledger, EconomyRecords.Sale.Kind, provider?.Value, cancellationToken).ConfigureAwait(false))
        {
            yield return Record.Read(document);
        }
    }

    /// <summary>Reads one stored sale record.</summary>
    internal static SaleDistributions Read(LedgerDocument document) => Record.Read(document);

    /// <summary>The request's fields the reports carry.</summary>
    internal sealed record SaleTerms
    {
        public required EntityId Provider { get; init; }

        public required string PackageId { get; init; }

        public required PricingTier Tier { get; init; }
    }
}
