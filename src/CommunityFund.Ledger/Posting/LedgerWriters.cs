using System.Collections.Concurrent;
using CommunityFund.Ledger;
using CommunityFund.Utility;

namespace CommunityFund.Posting;

/// <summary>
/// The per-ledger lock every write of an engine holds, and the group commit that may still be under way when it is
/// taken. A group commit's planner lets go of the lock as soon as its group's transaction is sent, so the next group
/// can be planned while that transaction waits for the server's flush (<see cref="CommandRunner"/>); every other
/// writer — postings, reversals, period closes, commands run alone — takes the lock with <see cref="AcquireAsync"/>,
/// which also waits until that commit is over, so it reads the books with the group in them (or known to have failed).
/// </summary>
internal sealed class LedgerWriters
{
    private readonly KeyedLocks<LedgerId> _locks = new();
    private readonly ConcurrentDictionary<LedgerId, Task> _committing = new();

    /// <summary>Takes the ledger's lock once no group commit of it is under way.</summary>
    internal async Task<KeyedLocks<LedgerId>.Releaser> AcquireAsync(LedgerId ledger, CancellationToken cancellationToken)
    {
        var turn = await _locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        await CommittedAsync(ledger).ConfigureAwait(false);
        return turn;
    }

    /// <summary>Takes the ledger's lock only: a group commit may still be under way (the group planner chains onto it).</summary>
    internal Task<KeyedLocks<LedgerId>.Releaser> AcquirePlanningAsync(LedgerId ledger, CancellationToken cancellationToken) =>
        _locks.AcquireAsync(ledger, cancellationToken);

    /// <summary>Completes when no group commit of the ledger is under way (the commit tasks never fail).</summary>
    internal Task CommittedAsync(LedgerId ledger) =>
        _committing.TryGetValue(ledger, out var commit) ? commit : Task.CompletedTask;

    /// <summary>Records a group commit under way (called with the lock held); it is forgotten once it is over.</summary>
    internal void Committing(LedgerId ledger, Task commit)
    {
        _committing[ledger] = commit;
        _ = commit.ContinueWith(
            (done, state) => ((ConcurrentDictionary<LedgerId, Task>)state!).TryRemove(KeyValuePair.Create(ledger, done)),
            _committing, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
