using System.Collections.Concurrent;
using System.Collections.Immutable;
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

    /// <summary>The most commands one group commit carries.</summary>
    private const int MaxGroup = 64;

    private readonly ILedgerStore _ledgers;
    private readonly PostingEngine _engine;
    private readonly KeyedLocks<LedgerId> _locks;
    private readonly bool _grouping;
    private readonly ConcurrentDictionary<LedgerId, ConcurrentQueue<GroupTicket>> _queues = new();

    /// <summary>Creates a runner.</summary>
    /// <param name="ledgers">The store the plans read (for group commits: one that shows <see cref="PendingDocuments"/>).</param>
    /// <param name="engine">The engine.</param>
    /// <param name="locks">The per-ledger locks, when shared with another service.</param>
    /// <param name="grouping">Whether commands marked groupable may share one durable commit.</param>
    internal CommandRunner(ILedgerStore ledgers, PostingEngine engine, KeyedLocks<LedgerId>? locks = null, bool grouping = false)
    {
        _ledgers = ledgers;
        _engine = engine;
        _locks = locks ?? new KeyedLocks<LedgerId>();
        _grouping = grouping;
    }

    /// <summary>The lock that serialises this runner's commands per ledger (also for document-only commands).</summary>
    internal KeyedLocks<LedgerId> Locks => _locks;

    internal async Task<CommandResult<T>> ExecuteAsync<T>(
        LedgerId ledger,
        string? idempotencyKey,
        string fingerprint,
        Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> plan,
        Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> replay,
        CancellationToken cancellationToken)
        where T : class
    {
        using var _ = await _locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        return await ExecuteLockedAsync(ledger, idempotencyKey, fingerprint, plan, replay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a command that may share its durable commit with others (group commit): concurrent commands for the ledger
    /// queue up; whoever holds the ledger's lock plans the queued ones one after the other — each on the state and the
    /// documents the ones before it leave — and appends all their journals, idempotency records and documents in one
    /// transaction. Nobody is answered before that transaction is durable. A command whose key was used before, or
    /// repeats in the group, or meets another process's write, runs alone as <see cref="ExecuteAsync{T}"/> does.
    /// Only commands whose plans read nothing but the ledger state and documents may be grouped.
    /// </summary>
    internal async Task<CommandResult<T>> ExecuteGroupableAsync<T>(
        LedgerId ledger,
        string? idempotencyKey,
        string fingerprint,
        Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> plan,
        Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> replay,
        CancellationToken cancellationToken)
        where T : class
    {
        if (!_grouping)
        {
            return await ExecuteAsync(ledger, idempotencyKey, fingerprint, plan, replay, cancellationToken).ConfigureAwait(false);
        }

        var ticket = new GroupTicket<T>(idempotencyKey, fingerprint, plan, replay, cancellationToken);
        var queue = _queues.GetOrAdd(ledger, _ => new ConcurrentQueue<GroupTicket>());
        queue.Enqueue(ticket);
        try
        {
            using (await _locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false))
            {
                while (!ticket.IsCompleted)
                {
                    var group = new List<GroupTicket>(Math.Min(MaxGroup, queue.Count + 1));
                    while (group.Count < MaxGroup && queue.TryDequeue(out var next))
                    {
                        if (!next.IsCompleted)
                        {
                            group.Add(next);
                        }
                    }

                    await RunGroupAsync(ledger, group).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Not yet taken into a group: it never will be (a group skips completed tickets).
            ticket.TryCancel();
            throw;
        }

        return await ticket.Task.ConfigureAwait(false);
    }

    private async Task RunGroupAsync(LedgerId ledger, List<GroupTicket> group)
    {
        if (group.Count == 0)
        {
            return;
        }

        if (group.Count == 1)
        {
            await group[0].RunAloneAsync(this, ledger).ConfigureAwait(false);
            return;
        }

        // The group's work is not any one request's to cancel: once taken, each command is decided and answered.
        var none = CancellationToken.None;
        var alone = new List<GroupTicket>();
        var planned = new List<(GroupTicket Ticket, ImmutableArray<Journal> Journals, object? Value)>();
        try
        {
            var members = new List<GroupTicket>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ticket in group)
            {
                var usedBefore = ticket.Key is not null &&
                    (!keys.Add(ticket.Key) || (await _ledgers.FindByIdempotencyKeyAsync(ledger, ticket.Key, none).ConfigureAwait(false)).Count > 0);
                (usedBefore ? alone : members).Add(ticket);
            }

            var state = await _ledgers.GetLedgerAsync(ledger, none).ConfigureAwait(false);
            if (state is null)
            {
                alone.AddRange(members);
                members.Clear();
            }

            var start = state?.Head.Sequence ?? 0;
            var now = _engine.RecordingInstant();
            var pending = new Dictionary<(string Kind, string Key), LedgerDocument>();
            var journals = new List<Journal>();
            var documents = new List<LedgerDocument>();
            var claims = new List<IdempotencyClaim>();
            PendingDocuments.Current.Value = pending;
            try
            {
                foreach (var ticket in members)
                {
                    var member = await ticket.PlanAsync(state!, none).ConfigureAwait(false);
                    if (member is null)
                    {
                        continue; // refused: answered
                    }

                    if (member.Value.Drafts.IsEmpty)
                    {
                        alone.Add(ticket);
                        continue;
                    }

                    var drafts = member.Value.Drafts.Select(d => d with { Metadata = d.Metadata.SetItem(RequestFingerprint.MetadataKey, ticket.Fingerprint) }).ToImmutableArray();
                    var (chained, errors) = _engine.Prepare(state!, new PostingBatch(ledger, drafts, ticket.Key), now);
                    if (chained is null)
                    {
                        ticket.Refuse(errors);
                        continue;
                    }

                    ImmutableArray<Journal> posted = [.. chained];
                    var (written, value) = member.Value.Commit(posted);
                    foreach (var document in written)
                    {
                        pending[(document.Kind, document.Key)] = document;
                    }

                    documents.AddRange(written);
                    if (ticket.Key is not null)
                    {
                        claims.Add(new IdempotencyClaim(ticket.Key, posted[0].RequestHash, posted[0].Sequence, posted.Length));
                    }

                    journals.AddRange(posted);
                    planned.Add((ticket, posted, value));
                    state = state! with { Head = state.Head with { Sequence = posted[^1].Sequence, Hash = posted[^1].Hash } };
                }
            }
            finally
            {
                PendingDocuments.Current.Value = null;
            }

            if (planned.Count > 0)
            {
                var outcome = await _engine.AppendGroupAsync(new AppendRequest(ledger, start, journals, null, null) { Documents = documents, Claims = claims }, none).ConfigureAwait(false);
                if (outcome == AppendOutcome.Appended)
                {
                    foreach (var (ticket, posted, value) in planned)
                    {
                        ticket.Created(posted, value);
                    }
                }
                else
                {
                    // Another process moved the head, or took a key: decide each command again, alone.
                    alone.AddRange(planned.Select(p => p.Ticket));
                }
            }
        }
        catch (Exception ex)
        {
            foreach (var ticket in group)
            {
                ticket.Fail(ex);
            }

            return;
        }

        foreach (var ticket in alone)
        {
            await ticket.RunAloneAsync(this, ledger).ConfigureAwait(false);
        }
    }

    /// <summary>A queued command of a group commit, whatever it produces.</summary>
    private abstract class GroupTicket
    {
        internal abstract string? Key { get; }

        internal abstract string Fingerprint { get; }

        internal abstract bool IsCompleted { get; }

        /// <summary>Plans the command on <paramref name="state"/>; <c>null</c> when it was refused (and answered).</summary>
        internal abstract Task<(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (IReadOnlyList<LedgerDocument> Documents, object? Value)> Commit)?> PlanAsync(LedgerState state, CancellationToken cancellationToken);

        internal abstract void Refuse(IEnumerable<PostingError> errors);

        internal abstract void Created(ImmutableArray<Journal> journals, object? value);

        internal abstract void Fail(Exception exception);

        internal abstract Task RunAloneAsync(CommandRunner runner, LedgerId ledger);
    }

    private sealed class GroupTicket<T>(
        string? key,
        string fingerprint,
        Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> plan,
        Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> replay,
        CancellationToken cancellationToken) : GroupTicket
        where T : class
    {
        private readonly TaskCompletionSource<CommandResult<T>> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Task<CommandResult<T>> Task => _result.Task;

        internal override string? Key => key;

        internal override string Fingerprint => fingerprint;

        internal override bool IsCompleted => _result.Task.IsCompleted;

        internal void TryCancel() => _result.TrySetCanceled(cancellationToken);

        internal override async Task<(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (IReadOnlyList<LedgerDocument> Documents, object? Value)> Commit)?> PlanAsync(
            LedgerState state, CancellationToken cancellationToken)
        {
            var planned = await plan(state, cancellationToken).ConfigureAwait(false);
            if (!planned.Errors.IsEmpty)
            {
                Refuse(planned.Errors);
                return null;
            }

            return (planned.Drafts, journals =>
            {
                var (documents, value) = planned.Commit(journals);
                return (documents, value);
            });
        }

        internal override void Refuse(IEnumerable<PostingError> errors) => _result.TrySetResult(CommandResult<T>.Rejected(errors));

        internal override void Created(ImmutableArray<Journal> journals, object? value) =>
            _result.TrySetResult(CommandResult<T>.From(new PostingResult(PostingOutcome.Created, journals, []), (T?)value));

        internal override void Fail(Exception exception) => _result.TrySetException(exception);

        internal override async Task RunAloneAsync(CommandRunner runner, LedgerId ledger)
        {
            try
            {
                _result.TrySetResult(await runner.ExecuteLockedAsync(ledger, key, fingerprint, plan, replay, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                _result.TrySetException(ex);
            }
        }
    }

    private async Task<CommandResult<T>> ExecuteLockedAsync<T>(
        LedgerId ledger,
        string? idempotencyKey,
        string fingerprint,
        Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> plan,
        Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> replay,
        CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (idempotencyKey is not null)
            {
                var existing = await _ledgers.FindByIdempotencyKeyAsync(ledger, idempotencyKey, cancellationToken).ConfigureAwait(false);
                if (existing.Count > 0)
                {
                    return existing[0].Metadata.GetValueOrDefault(RequestFingerprint.MetadataKey) == fingerprint
                        ? new CommandResult<T>(PostingOutcome.AlreadyExists, await replay(ledger, existing, cancellationToken).ConfigureAwait(false), [.. existing], [])
                        : new CommandResult<T>(PostingOutcome.Conflict, null, [], [new PostingError(ErrorCodes.IdempotencyConflict,
                            $"Idempotency key '{idempotencyKey}' was already used for a different request (journal {existing[0].Id}).", "idempotencyKey")]);
                }
            }

            var state = await _ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                return CommandResult<T>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
            }

            var planned = await plan(state, cancellationToken).ConfigureAwait(false);
            if (!planned.Errors.IsEmpty)
            {
                return CommandResult<T>.Rejected(planned.Errors);
            }

            if (planned.Drafts.IsEmpty)
            {
                var (documents, unposted) = planned.Commit([]);
                if (documents.Count > 0)
                {
                    await _ledgers.PutDocumentsAsync(ledger, documents, cancellationToken).ConfigureAwait(false);
                }

                return new CommandResult<T>(documents.Count > 0 ? PostingOutcome.Created : PostingOutcome.AlreadyExists, unposted, [], []);
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
                    return CommandResult<T>.From(posted, value);
                case PostingOutcome.Rejected when posted.Errors.Any(e => e.Code == ErrorCodes.LedgerHeadMoved):
                    // Another process wrote to the ledger after the plan was made: plan again on the new state.
                    continue;
                case PostingOutcome.Rejected:
                    return CommandResult<T>.From(posted, null);
                default:
                    // Another process used the key meanwhile: decide again from what it posted.
                    continue;
            }
        }

        return CommandResult<T>.Rejected(ErrorCodes.LedgerBusy, $"Ledger '{ledger}' stayed busy; try again.", "ledger");
    }
}

/// <summary>The documents a group commit has planned but not yet written: the plans after them in the group read them
/// through <see cref="PendingDocumentsStore"/> (e.g. the carried remainder the sale before left).</summary>
internal static class PendingDocuments
{
    internal static readonly AsyncLocal<Dictionary<(string Kind, string Key), LedgerDocument>?> Current = new();
}

/// <summary>A store that shows the documents of <see cref="PendingDocuments"/> over the ones stored.</summary>
/// <param name="inner">The store.</param>
internal sealed class PendingDocumentsStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
{
    public override async Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default) =>
        PendingDocuments.Current.Value is { } pending && pending.TryGetValue((kind, key), out var document)
            ? document
            : await Inner.GetDocumentAsync(ledger, kind, key, cancellationToken).ConfigureAwait(false);

    public override async Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        var stored = await Inner.ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false);
        if (PendingDocuments.Current.Value is not { } pending || !pending.Keys.Any(k => k.Kind == kind))
        {
            return stored;
        }

        var merged = stored.ToDictionary(d => d.Key, StringComparer.Ordinal);
        foreach (var ((pendingKind, key), document) in pending)
        {
            if (pendingKind == kind && (owner is null || document.Owner == owner))
            {
                merged[key] = document;
            }
        }

        return [.. merged.Values.OrderBy(d => d.Order).ThenBy(d => d.Key, StringComparer.Ordinal)];
    }
}
