using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>Group commit, the commit side: a planned group's one transaction, sent once the group before it is durable.</summary>
public sealed partial class CommandRunner
{
    /// <summary>Sends the group's transaction once the group under way (if any) is durable, and leaves it under way;
    /// when the group under way was not written, the members planned on it are run again instead.</summary>
    private async Task StartCommitAsync(LedgerId ledger, GroupCommit commit, GroupUnderWay? previous)
    {
        var previousWritten = previous is null || await previous.Done.ConfigureAwait(false);
        if (commit.Planned.Count == 0)
        {
            return;
        }

        if (!previousWritten)
        {
            foreach (var (ticket, _, _) in commit.Planned)
            {
                ticket.MetAnotherWriter();
            }

            return;
        }

        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var underWay = new GroupUnderWay(done.Task, commit.After!, commit.Pending, commit.Keys);
        _committing[ledger] = underWay;
        _engine.Writers.Committing(ledger, done.Task);
        _ = CommitUnderWayAsync(ledger, commit, underWay, done);
    }

    /// <summary>Commits a group and answers its members; says whether it was written (never throws).</summary>
    private async Task CommitUnderWayAsync(LedgerId ledger, GroupCommit commit, GroupUnderWay underWay, TaskCompletionSource<bool> done)
    {
        var written = false;
        try
        {
            written = await CommitGroupAsync(ledger, commit).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var (ticket, _, _) in commit.Planned)
            {
                ticket.Fail(ex);
            }
        }
        finally
        {
            _committing.TryRemove(KeyValuePair.Create(ledger, underWay));
            done.SetResult(written);
        }
    }

    private async Task<bool> CommitGroupAsync(LedgerId ledger, GroupCommit commit)
    {
        var request = new AppendRequest(ledger, commit.Start, commit.Journals, null, null) { Documents = commit.Documents, Claims = commit.Claims };
        var outcome = await _engine.AppendGroupHeldAsync(request, CancellationToken.None).ConfigureAwait(false);
        if (outcome == AppendOutcome.Appended)
        {
            PostingTelemetry.GroupCommitted(commit.Planned.Count);
        }

        foreach (var (ticket, posted, value) in commit.Planned)
        {
            if (outcome == AppendOutcome.Appended)
            {
                ticket.Created(posted, value);
            }
            else
            {
                // Another process moved the head, or took a key: each command is decided again.
                ticket.MetAnotherWriter();
            }
        }

        return outcome == AppendOutcome.Appended;
    }

    /// <summary>A group whose transaction was sent and is not yet known to be durable: what the next group is planned on.</summary>
    /// <param name="Done">Whether it was written, once it is over.</param>
    /// <param name="After">The ledger's state once it is written.</param>
    /// <param name="Documents">The records it writes.</param>
    /// <param name="Keys">The idempotency keys it records.</param>
    private sealed record GroupUnderWay(Task<bool> Done, LedgerState After, IReadOnlyDictionary<(string Kind, string Key), LedgerDocument> Documents, IReadOnlySet<string> Keys);

    /// <summary>What a group commit writes, member by member.</summary>
    /// <param name="start">The head the group was planned on.</param>
    private sealed class GroupCommit(long start)
    {
        internal long Start { get; } = start;

        /// <summary>The state once the group is written.</summary>
        internal LedgerState? After { get; set; }

        /// <summary>The records the group writes, by kind and key (the last write of each).</summary>
        internal Dictionary<(string Kind, string Key), LedgerDocument> Pending { get; } = [];

        /// <summary>The idempotency keys the group records.</summary>
        internal HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        internal List<Journal> Journals { get; } = [];

        internal List<LedgerDocument> Documents { get; } = [];

        internal List<IdempotencyClaim> Claims { get; } = [];

        internal List<(GroupTicket Ticket, ImmutableArray<Journal> Journals, object? Value)> Planned { get; } = [];

        internal void Add(GroupTicket ticket, ImmutableArray<Journal> posted, IReadOnlyList<LedgerDocument> written, object? value)
        {
            Journals.AddRange(posted);
            Documents.AddRange(written);
            foreach (var document in written)
            {
                Pending[(document.Kind, document.Key)] = document;
            }

            if (ticket.Envelope.IdempotencyKey is { } key)
            {
                Claims.Add(new IdempotencyClaim(key, posted[0].RequestHash, posted[0].Sequence, posted.Length));
                Keys.Add(key);
            }

            Planned.Add((ticket, posted, value));
        }
    }
}
