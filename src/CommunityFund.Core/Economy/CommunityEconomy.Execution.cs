using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    private const int MaxAttempts = 8;

    /// <summary>Journals to post and what to record once they are posted; or why the command is refused.</summary>
    private sealed record Plan<T>(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (EconomyChanges Changes, T? Value)> Commit)
        where T : class
    {
        internal ImmutableArray<PostingError> Errors { get; init; } = [];

        internal static Plan<T> Refused(IEnumerable<PostingError> errors) => new([], _ => (new EconomyChanges(), null)) { Errors = [.. errors] };

        internal static Plan<T> Refused(string code, string message, string field) => Refused([new PostingError(code, message, field)]);
    }

    /// <summary>
    /// Runs a command: a replayed key returns what the first run did, a reused key with other content is a conflict;
    /// otherwise the plan's journals post all-or-nothing and its changes are recorded.
    /// </summary>
    private async Task<EconomyResult<T>> ExecuteAsync<T>(
        LedgerId ledger,
        string? idempotencyKey,
        string fingerprint,
        Func<LedgerState, CancellationToken, Task<Plan<T>>> plan,
        Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> replay,
        CancellationToken cancellationToken)
        where T : class
    {
        using var _ = await _locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (idempotencyKey is not null)
            {
                var existing = await _ledgers.FindByIdempotencyKeyAsync(ledger, idempotencyKey, cancellationToken).ConfigureAwait(false);
                if (existing.Count > 0)
                {
                    return existing[0].Metadata.GetValueOrDefault(RequestFingerprint.MetadataKey) == fingerprint
                        ? new EconomyResult<T>(PostingOutcome.AlreadyExists, await replay(ledger, existing, cancellationToken).ConfigureAwait(false), [.. existing], [])
                        : new EconomyResult<T>(PostingOutcome.Conflict, null, [], [new PostingError(ErrorCodes.IdempotencyConflict,
                            $"Idempotency key '{idempotencyKey}' was already used for a different request (journal {existing[0].Id}).", "idempotencyKey")]);
                }
            }

            var state = await _ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                return EconomyResult<T>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
            }

            var planned = await plan(state, cancellationToken).ConfigureAwait(false);
            if (!planned.Errors.IsEmpty)
            {
                return EconomyResult<T>.Rejected(planned.Errors);
            }

            var drafts = planned.Drafts.Select(d => d with { Metadata = d.Metadata.SetItem(RequestFingerprint.MetadataKey, fingerprint) }).ToImmutableArray();
            T? value = null;
            var batch = new PostingBatch(ledger, drafts, idempotencyKey)
            {
                ExpectedSequence = state.Head.Sequence,
                // The command's records are written in the same transaction as its journals.
                Documents = journals =>
                {
                    var (changes, committed) = planned.Commit(journals);
                    value = committed;
                    return _store.Encode(changes);
                },
            };
            var posted = await _engine.PostBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            switch (posted.Outcome)
            {
                case PostingOutcome.Created:
                    return EconomyResult<T>.From(posted, value);
                case PostingOutcome.Rejected when posted.Errors.Any(e => e.Code == ErrorCodes.LedgerHeadMoved):
                    // Another process wrote to the ledger after the plan was made: plan again on the new state.
                    continue;
                case PostingOutcome.Rejected:
                    return EconomyResult<T>.From(posted, null);
                default:
                    // Another process used the key meanwhile: decide again from what it posted.
                    continue;
            }
        }

        return EconomyResult<T>.Rejected(ErrorCodes.LedgerBusy, $"Ledger '{ledger}' stayed busy; try again.", "ledger");
    }

    private async Task<SaleRecord?> ReplaySaleAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) =>
        await _store.FindSaleByJournalAsync(ledger, journals[0].Id, ct).ConfigureAwait(false);
}
