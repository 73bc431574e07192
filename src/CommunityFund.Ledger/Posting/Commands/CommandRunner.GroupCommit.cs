using System.Collections.Immutable;
using System.Diagnostics;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>Group commit, the commit side: a planned group's one transaction, sent once the group before it holds the
/// ledger's head (a store that says so: ADR 0043) or is durable.</summary>
public sealed partial class CommandRunner
{
    /// <summary>Sends the group's transaction once the group under way (if any) holds the ledger's head — its own
    /// transaction commits while this one's statements are carried out, and this one's head moves only after it — or is
    /// over; leaves it under way. When the group under way was not written, the members planned on it are run again.</summary>
    private async Task StartCommitAsync(LedgerId ledger, GroupCommit commit, GroupUnderWay? previous)
    {
        var waiting = Stopwatch.GetTimestamp();
        var previousWritten = previous is null || await previous.HeadTaken.ConfigureAwait(false);
        if (previous is not null)
        {
            PostingTelemetry.GroupWaited(waiting);
        }

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
        var headTaken = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The group before may still be committing: the next group is planned over both groups' records and keys.
        var behind = previous is { Done.IsCompleted: false } ? previous : null;
        var underWay = new GroupUnderWay(done.Task, headTaken.Task, commit.After!, commit.Pending, commit.Keys, behind);
        _committing[ledger] = underWay;
        _engine.Writers.Committing(ledger, done.Task);
        _ = CommitUnderWayAsync(ledger, commit, (underWay, behind?.Done), headTaken, done);
    }

    /// <summary>Commits a group and answers its members; says whether it was written (never throws), once the group
    /// before it is over too.</summary>
    private async Task CommitUnderWayAsync(
        LedgerId ledger, GroupCommit commit, (GroupUnderWay Group, Task<bool>? BehindDone) underWay, TaskCompletionSource<bool> headTaken, TaskCompletionSource<bool> done)
    {
        var written = false;
        try
        {
            written = await CommitGroupAsync(ledger, commit, headTaken).ConfigureAwait(false);
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
            headTaken.TrySetResult(written);
            if (underWay.BehindDone is { } behindDone)
            {
                await behindDone.ConfigureAwait(false);
            }

            _committing.TryRemove(KeyValuePair.Create(ledger, underWay.Group));
            done.SetResult(written);
        }
    }

    private async Task<bool> CommitGroupAsync(LedgerId ledger, GroupCommit commit, TaskCompletionSource<bool> headTaken)
    {
        var request = new AppendRequest(ledger, commit.Start, commit.Journals, null, null)
        {
            Documents = commit.Documents,
            Claims = commit.Claims,
            HeadTaken = () => headTaken.TrySetResult(true),
        };
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

    /// <summary>A group whose transaction was sent and is not yet known to be durable: what the next group is planned on.
    /// At most two groups of a ledger are under way: a group is sent once the one before holds the head, which it takes
    /// only when the one before that is over.</summary>
    private sealed class GroupUnderWay(
        Task<bool> done, Task<bool> headTaken, LedgerState after, Dictionary<(string Kind, string Key), LedgerDocument> documents, HashSet<string> keys, GroupUnderWay? behind)
    {
        /// <summary>Whether it was written, once it and the group before it are over.</summary>
        internal Task<bool> Done => done;

        /// <summary>Completes when its transaction holds the head (<c>true</c>) or is over (whether it was written).</summary>
        internal Task<bool> HeadTaken => headTaken;

        /// <summary>The ledger's state once it is written.</summary>
        internal LedgerState After => after;

        /// <summary>The records it and the group behind it write (its own over the other's).</summary>
        internal IReadOnlyDictionary<(string Kind, string Key), LedgerDocument> Documents { get; } = Over(behind?.OwnDocuments, documents);

        /// <summary>The idempotency keys it and the group behind it record.</summary>
        internal IReadOnlySet<string> Keys { get; } = behind is null ? keys : new HashSet<string>(keys.Concat(behind.OwnKeys), StringComparer.Ordinal);

        private Dictionary<(string Kind, string Key), LedgerDocument> OwnDocuments => documents;

        private HashSet<string> OwnKeys => keys;

        private static Dictionary<(string Kind, string Key), LedgerDocument> Over(Dictionary<(string Kind, string Key), LedgerDocument>? under, Dictionary<(string Kind, string Key), LedgerDocument> over)
        {
            if (under is null)
            {
                return over;
            }

            var merged = new Dictionary<(string Kind, string Key), LedgerDocument>(under);
            foreach (var (key, document) in over)
            {
                merged[key] = document;
            }

            return merged;
        }
    }

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
