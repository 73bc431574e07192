using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using CommunityFund.Utility;

namespace CommunityFund.Posting;

/// <summary>Journals to post and the records to write with them; or why a command is refused.</summary>
/// <typeparam name="T">What the command produces.</typeparam>
/// <param name="Drafts">The journals, posted all-or-nothing.</param>
/// <param name="Commit">Given the posted journals, the documents to write in the same transaction and the value.</param>
internal sealed record CommandPlan<T>(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (IReadOnlyList<LedgerDocument> Documents, T? Value)> Commit)
    where T : class
{
    internal ImmutableArray<PostingError> Errors { get; init; } = [];

    internal static CommandPlan<T> Refused(IEnumerable<PostingError> errors) => new([], _ => ([], null)) { Errors = [.. errors] };

    internal static CommandPlan<T> Refused(string code, string message, string field) => Refused([new PostingError(code, message, field)]);

    /// <summary>A command with nothing to post: its documents (if any) are written alone, and it answers with the value
    /// (<see cref="PostingOutcome.AlreadyExists"/> when there was nothing to write either).</summary>
    internal static CommandPlan<T> WithoutJournals(IReadOnlyList<LedgerDocument> documents, T value) => new([], _ => (documents, value));
}

/// <summary>
/// Runs the commands of the services above the kernel (the economy, agreements, the fund, the time bank): one at a
/// time per ledger in this process, and against other processes by compare-and-append on the ledger head. A replayed
/// idempotency key returns what the first run did; a reused key with other content is a conflict; otherwise the plan's
/// journals post all-or-nothing with its documents, and a plan made on a stale head is made again.
/// </summary>
internal sealed class CommandRunner
{
    private const int MaxAttempts = 8;
    private readonly ILedgerStore _ledgers;
    private readonly PostingEngine _engine;
    private readonly KeyedLocks<LedgerId> _locks;

    internal CommandRunner(ILedgerStore ledgers, PostingEngine engine, KeyedLocks<LedgerId>? locks = null)
    {
        _ledgers = ledgers;
        _engine = engine;
        _locks = locks ?? new KeyedLocks<LedgerId>();
    }

    /// <summary>The lock that serialises this runner's commands per ledger (also for document-only commands).</summary>
    internal KeyedLocks<LedgerId> Locks => _locks;

    internal async Task<EconomyResult<T>> ExecuteAsync<T>(
        LedgerId ledger,
        string? idempotencyKey,
        string fingerprint,
        Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> plan,
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

            if (planned.Drafts.IsEmpty)
            {
                var (documents, unposted) = planned.Commit([]);
                if (documents.Count > 0)
                {
                    await _ledgers.PutDocumentsAsync(ledger, documents, cancellationToken).ConfigureAwait(false);
                }

                return new EconomyResult<T>(documents.Count > 0 ? PostingOutcome.Created : PostingOutcome.AlreadyExists, unposted, [], []);
            }

            var drafts = planned.Drafts.Select(d => d with { Metadata = d.Metadata.SetItem(RequestFingerprint.MetadataKey, fingerprint) }).ToImmutableArray();
            T? value = null;
            var batch = new PostingBatch(ledger, drafts, idempotencyKey)
            {
                ExpectedSequence = state.Head.Sequence,
                // The command's records are written in the same transaction as its journals.
                Documents = journals =>
                {
                    var (documents, committed) = planned.Commit(journals);
                    value = committed;
                    return documents;
                },
            };
            var posted = await _engine.PostBatchAsync(batch, state, cancellationToken).ConfigureAwait(false);
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
}
