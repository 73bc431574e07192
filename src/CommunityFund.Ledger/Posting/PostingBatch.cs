using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Posting;

/// <summary>Journals to post all-or-nothing, with the client's idempotency key.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Journals">At least one journal; they get consecutive sequence numbers in this order.</param>
/// <param name="IdempotencyKey">The client's key: posting the same batch again with it returns the original journals;
/// another batch with it is a conflict. <c>null</c> for no idempotency.</param>
public sealed record PostingBatch(LedgerId Ledger, ImmutableArray<JournalDraft> Journals, string? IdempotencyKey = null)
{
    /// <summary>Documents to write in the same transaction as the journals, made from the journals as posted (with
    /// their ids and sequences). Not part of the request's content for idempotency.</summary>
    public Func<ImmutableArray<Journal>, IReadOnlyList<Storage.LedgerDocument>>? Documents { get; init; }

    /// <summary>When set, the batch posts only on top of this head sequence; if another writer moved the head, it is
    /// refused with <see cref="ErrorCodes.LedgerHeadMoved"/> so the caller can re-plan (used by commands whose
    /// journals depend on the ledger's state).</summary>
    public long? ExpectedSequence { get; init; }

    /// <summary>The fingerprint recorded with the idempotency key (<see cref="Journal.RequestHash"/>): a command's
    /// (<see cref="CommandEnvelope.Fingerprint"/>), so a replay is told from a reused key by what the command was asked,
    /// not by the journals it planned; <c>null</c> for the canonical hash of the journals.</summary>
    public string? Fingerprint { get; init; }
}
