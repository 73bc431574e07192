using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>A snapshot's store: reads pass through; every write is refused, so nothing can be written as of a moment
/// that has passed.</summary>
internal sealed class ReadOnlyLedgerStore(ILedgerStore inner, bool isolated) : DelegatingLedgerStore(inner)
{
    public override Task<bool> CreateLedgerAsync(LedgerDefinition definition, CancellationToken cancellationToken = default) => throw Refused();

    public override Task<bool> UpdateLedgerAsync(LedgerDefinition definition, long? expectedVersion = null, CancellationToken cancellationToken = default) => throw Refused();

    public override Task<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default) => throw Refused();

    public override Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, CancellationToken cancellationToken = default) => throw Refused();

    public override Task<bool> ClosePeriodAsync(
        LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        throw Refused();

    public override Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) => throw Refused();

    public override Task<bool> PutDocumentsAtHeadAsync(LedgerId ledger, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        throw Refused();

    public override Task<int> DeleteDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) => throw Refused();

    /// <summary>A snapshot of a snapshot is the same moment (nothing to release; as isolated as this one).</summary>
    public override Task<LedgerSnapshot> OpenSnapshotAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        Task.FromResult(new LedgerSnapshot(Inner, isolated));

    private static InvalidOperationException Refused() => new("A snapshot of the books is read-only: write through the store it was taken from.");
}
