using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>Group commit: commands marked <see cref="LedgerCommand{T}.Groupable"/> that arrive together share one
/// durable commit.</summary>
public sealed partial class CommandRunner
{
    /// <summary>The most commands one group commit carries.</summary>
    private const int MaxGroup = 64;

    /// <summary>
    /// Concurrent commands for the ledger queue up; whoever holds the ledger's lock plans the queued ones one after the
    /// other — each on the state and the records the ones before it leave — and sends all their journals, keys and
    /// records as one transaction. The planner lets go of the lock once that transaction is sent, so the next group is
    /// planned while it waits for the server's flush, on the state it will leave (pipelining); the next group's
    /// transaction is sent only once this one holds the ledger's head in its transaction (<see cref="AppendRequest.HeadTaken"/>;
    /// its head then moves only after this one commits) or is durable, and never when this one was not written. Nobody
    /// is answered before their transaction is durable. A command whose key was used before, or is in a group under way,
    /// or repeats in the group, or that posts nothing, runs alone once the group is durable; when another process wrote meanwhile, every
    /// member answers <see cref="CommandResult{T}.MetAnotherWriter"/> and is run again by the retry decorator.
    /// </summary>
    private async Task<CommandResult<T>> RunGroupedAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken)
        where T : class
    {
        var ledger = command.Envelope.Ledger;
        var ticket = new GroupTicket<T>(command, cancellationToken);
        var queue = _queues.GetOrAdd(ledger, _ => new ConcurrentQueue<GroupTicket>());
        queue.Enqueue(ticket);
        try
        {
            if (await TurnUnlessAnsweredAsync(ledger, ticket, cancellationToken).ConfigureAwait(false) is { } turn)
            {
                using (turn)
                {
                    while (!ticket.Taken)
                    {
                        await RunGroupAsync(ledger, NextGroup(queue)).ConfigureAwait(false);
                    }
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

    /// <summary>The ledger's lock, or <c>null</c> when the ticket was answered first (another planner took it into its
    /// group, which became durable): an answered command does not wait for its turn at the lock; its turn, when it
    /// comes, is handed on at once (no cancellation, so no exception per answered command).</summary>
    private async Task<Utility.KeyedLocks<LedgerId>.Releaser?> TurnUnlessAnsweredAsync(LedgerId ledger, GroupTicket ticket, CancellationToken cancellationToken)
    {
        var turn = _engine.Writers.AcquirePlanningAsync(ledger, cancellationToken);
        if (turn.IsCompleted || await Task.WhenAny(turn, ticket.Answered).ConfigureAwait(false) == turn)
        {
            return await turn.ConfigureAwait(false);
        }

        _ = turn.ContinueWith(
            static taken =>
            {
                if (taken.IsCompletedSuccessfully)
                {
                    taken.Result.Dispose();
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return null;
    }

    private static List<GroupTicket> NextGroup(ConcurrentQueue<GroupTicket> queue)
    {
        var group = new List<GroupTicket>(Math.Min(MaxGroup, queue.Count + 1));
        while (group.Count < MaxGroup && queue.TryDequeue(out var next))
        {
            next.Taken = true;
            if (!next.IsCompleted)
            {
                group.Add(next);
            }
        }

        return group;
    }

    private async Task RunGroupAsync(LedgerId ledger, List<GroupTicket> group)
    {
        // The group under way, if its transaction is not yet known to be durable: this group is planned on its state.
        var previous = _committing.TryGetValue(ledger, out var underWay) && !underWay.Done.IsCompleted ? underWay : null;
        if (group.Count == 0 || (group.Count == 1 && previous is null))
        {
            foreach (var only in group)
            {
                PostingTelemetry.GroupCommitted(1);
                await only.RunAloneAsync(this).ConfigureAwait(false);
            }

            return;
        }

        // The group's work is not any one request's to cancel: once taken, each command is decided and answered.
        List<GroupTicket> alone;
        try
        {
            var started = Stopwatch.GetTimestamp();
            var reads = new GroupReads();
            var partitioned = PartitionAsync(ledger, group, previous);
            var prefetched = PrefetchAsync(ledger, previous, reads);
            await Task.WhenAll(partitioned, prefetched).ConfigureAwait(false);
            (var members, alone) = partitioned.Result;
            var (state, version) = prefetched.Result;
            var groupCommit = await PlanGroupAsync(members, alone, state, previous, reads).ConfigureAwait(false);
            Keep(ledger, groupCommit, previous, reads, version);
            PostingTelemetry.GroupPlanned(started);
            await StartCommitAsync(ledger, groupCommit, previous).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var ticket in group)
            {
                ticket.Fail(ex);
            }

            return;
        }

        if (alone.Count > 0)
        {
            // They decide from the books: with this group's transaction (and its keys) in them.
            await _engine.Writers.CommittedAsync(ledger).ConfigureAwait(false);
            foreach (var ticket in alone)
            {
                await ticket.RunAloneAsync(this).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Members plan together; a ticket whose key was used before (or is in the group under way, or twice in
    /// this group) runs alone. The group's keys are looked up together: one query for the journals' keys and one for the
    /// commands' records, not two per key.</summary>
    private async Task<(List<GroupTicket> Members, List<GroupTicket> Alone)> PartitionAsync(LedgerId ledger, List<GroupTicket> group, GroupUnderWay? previous)
    {
        var members = new List<GroupTicket>();
        var alone = new List<GroupTicket>();
        var recorded = await RecordedAsync(ledger, group).ConfigureAwait(false);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ticket in group)
        {
            var key = ticket.Envelope.IdempotencyKey;
            // A key recorded before (scoped, or raw in books written before scoping) is decided alone.
            var usedBefore = key is not null &&
                (!keys.Add(key) || recorded.Contains(key) || (IdempotencyScope.Legacy(key) is { } raw && recorded.Contains(raw)) || previous?.Keys.Contains(key) == true);
            (usedBefore ? alone : members).Add(ticket);
        }

        return (members, alone);
    }

    /// <summary>Which of the group's keys (each scoped key and its raw form) are recorded: journals posted under them,
    /// or a command's record.</summary>
    private async Task<HashSet<string>> RecordedAsync(LedgerId ledger, List<GroupTicket> group)
    {
        var keys = new List<string>(group.Count * 2);
        foreach (var ticket in group)
        {
            if (ticket.Envelope.IdempotencyKey is { } key)
            {
                keys.Add(key);
                if (IdempotencyScope.Legacy(key) is { } raw)
                {
                    keys.Add(raw);
                }
            }
        }

        var recorded = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return recorded;
        }

        // Two independent reads, in flight together: the planner holds the ledger's lock meanwhile.
        var used = _ledgers.FindUsedIdempotencyKeysAsync(ledger, keys, CancellationToken.None);
        var records = _ledgers.GetDocumentsAsync(ledger, CommandRecords.Kind, keys, CancellationToken.None);
        await Task.WhenAll(used, records).ConfigureAwait(false);
        recorded.UnionWith(used.Result);
        foreach (var document in records.Result)
        {
            recorded.Add(document.Key);
        }

        return recorded;
    }

    /// <summary>Plans the members on the books as they are — or, while a group is under way, as it will leave them: its
    /// state, and its records over the stored ones.</summary>
    private async Task<GroupCommit> PlanGroupAsync(List<GroupTicket> members, List<GroupTicket> alone, LedgerState? state, GroupUnderWay? previous, GroupReads reads)
    {
        var commit = new GroupCommit(state?.Head.Sequence ?? 0);
        if (state is null)
        {
            alone.AddRange(members);
            return commit;
        }

        var now = _engine.RecordingInstant();
        var pending = previous is null ? new Dictionary<(string Kind, string Key), LedgerDocument>() : new Dictionary<(string Kind, string Key), LedgerDocument>(previous.Documents);
        PendingDocuments.Current.Value = pending;
        PendingDocuments.Reads.Value = reads;
        try
        {
            foreach (var ticket in members)
            {
                state = await PlanMemberAsync(ticket, state, now, pending, commit, alone).ConfigureAwait(false);
            }
        }
        finally
        {
            PendingDocuments.Current.Value = null;
            PendingDocuments.Reads.Value = null;
        }

        commit.After = state;
        return commit;
    }

    /// <summary>Plans one member on the state the ones before it leave; answers a refusal at once.</summary>
    private async Task<LedgerState> PlanMemberAsync(
        GroupTicket ticket, LedgerState state, NodaTime.Instant now, Dictionary<(string Kind, string Key), LedgerDocument> pending, GroupCommit commit, List<GroupTicket> alone)
    {
        var member = await ticket.PlanAsync(state, CancellationToken.None).ConfigureAwait(false);
        if (member is null)
        {
            return state; // refused: answered
        }

        if (member.Value.Drafts.IsEmpty)
        {
            alone.Add(ticket);
            return state;
        }

        var envelope = ticket.Envelope;
        var batch = new PostingBatch(envelope.Ledger, member.Value.Drafts, envelope.IdempotencyKey) { Fingerprint = envelope.Fingerprint };
        var (chained, errors) = _engine.Prepare(state, batch, now);
        if (chained is null)
        {
            ticket.Refuse(errors);
            return state;
        }

        ImmutableArray<Journal> posted = [.. chained];
        var (written, value) = member.Value.Commit(posted);
        foreach (var document in written)
        {
            pending[(document.Kind, document.Key)] = document;
        }

        commit.Add(ticket, posted, written, value);
        return state with { Head = state.Head with { Sequence = posted[^1].Sequence, Hash = posted[^1].Hash } };
    }

    /// <summary>A queued command of a group commit, whatever it produces.</summary>
    private abstract class GroupTicket
    {
        internal abstract CommandEnvelope Envelope { get; }

        internal abstract bool IsCompleted { get; }

        /// <summary>Completes when the command is answered.</summary>
        internal abstract Task Answered { get; }

        /// <summary>Whether a planner took it from the queue (set under the ledger's lock).</summary>
        internal bool Taken { get; set; }

        /// <summary>Plans the command on <paramref name="state"/>; <c>null</c> when it was refused (and answered).</summary>
        internal abstract Task<(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (IReadOnlyList<LedgerDocument> Documents, object? Value)> Commit)?> PlanAsync(LedgerState state, CancellationToken cancellationToken);

        internal abstract void Refuse(IEnumerable<PostingError> errors);

        internal abstract void Created(ImmutableArray<Journal> journals, object? value);

        internal abstract void MetAnotherWriter();

        internal abstract void Fail(Exception exception);

        internal abstract Task RunAloneAsync(CommandRunner runner);
    }

    private sealed class GroupTicket<T>(LedgerCommand<T> command, CancellationToken cancellationToken) : GroupTicket
        where T : class
    {
        private readonly TaskCompletionSource<CommandResult<T>> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Task<CommandResult<T>> Task => _result.Task;

        internal override CommandEnvelope Envelope => command.Envelope;

        internal override bool IsCompleted => _result.Task.IsCompleted;

        internal override Task Answered => _result.Task;

        internal void TryCancel() => _result.TrySetCanceled(cancellationToken);

        internal override async Task<(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (IReadOnlyList<LedgerDocument> Documents, object? Value)> Commit)?> PlanAsync(
            LedgerState state, CancellationToken cancellationToken)
        {
            var planned = await command.Plan(state, cancellationToken).ConfigureAwait(false);
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

        internal override void MetAnotherWriter() => _result.TrySetResult(CommandResult<T>.AnotherWriter(command.Envelope.Ledger));

        internal override void Fail(Exception exception) => _result.TrySetException(exception);

        internal override async Task RunAloneAsync(CommandRunner runner)
        {
            try
            {
                _result.TrySetResult(await runner.RunHeldAsync(command, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                _result.TrySetException(ex);
            }
        }
    }
}
