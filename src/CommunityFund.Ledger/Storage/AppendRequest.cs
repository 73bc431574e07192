using CommunityFund.Ledger;

namespace CommunityFund.Storage;

/// <summary>The journals to append atomically, built on a head the engine read.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="ExpectedSequence">The head sequence the journals were built on; the append fails with
/// <see cref="AppendOutcome.HeadMoved"/> when the head is elsewhere.</param>
/// <param name="Journals">The journals, with consecutive sequences after <paramref name="ExpectedSequence"/>.</param>
/// <param name="IdempotencyKey">The key to record with them, or <c>null</c>.</param>
/// <param name="RequestHash">The request hash to record with the key, or <c>null</c>.</param>
public sealed record AppendRequest(LedgerId Ledger, long ExpectedSequence, IReadOnlyList<Journal> Journals, string? IdempotencyKey, string? RequestHash)
{
    /// <summary>Documents to write (insert or replace) in the same transaction as the journals.</summary>
    public IReadOnlyList<LedgerDocument> Documents { get; init; } = [];

    /// <summary>Several requests' keys, each over its own run of the journals (a group commit: concurrent requests
    /// sharing one durable transaction). When given, they are recorded instead of <see cref="IdempotencyKey"/>, and
    /// the append fails with <see cref="AppendOutcome.IdempotencyKeyTaken"/> when any of them is taken.</summary>
    public IReadOnlyList<IdempotencyClaim> Claims { get; init; } = [];

    /// <summary>
    /// Called, at most once, when the append's transaction has moved the head and holds it until it commits: a store
    /// that sends each append's statements before its commit (PostgreSQL) calls it then, so that the next append of
    /// the ledger — planned on this one's journals — can be sent while this one waits for the server's flush. That
    /// append's head moves only once this transaction is over, and only if this one committed. Stores that write an
    /// append whole under one lock (SQLite, the in-memory store) never call it; the caller then waits for the outcome.
    /// </summary>
    public Action? HeadTaken { get; init; }

    /// <summary>The idempotency records this append writes: <see cref="Claims"/>, or the one key over every journal.</summary>
    /// <returns>The records.</returns>
    public IReadOnlyList<IdempotencyClaim> KeysToRecord() =>
        Claims.Count > 0 ? Claims
        : IdempotencyKey is null ? []
        : [new IdempotencyClaim(IdempotencyKey, RequestHash, Journals[0].Sequence, Journals.Count)];
}
