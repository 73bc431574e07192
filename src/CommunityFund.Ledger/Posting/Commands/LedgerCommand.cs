using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>A command for the pipeline: its envelope, how to plan it on the ledger's state, and how to answer a replay
/// of its key from the journals it posted the first time.</summary>
/// <typeparam name="T">What the command produces.</typeparam>
/// <param name="Envelope">The ledger, name, key and fingerprint.</param>
/// <param name="Plan">Plans the command on the current state: journals to post and records to write, or a refusal.
/// It may be called more than once (after another writer moved the head), so it must not have effects.</param>
/// <param name="Replay">Answers a replayed key from the journals the first run posted (a command that posted no
/// journals is answered from the value recorded with its key).</param>
public sealed record LedgerCommand<T>(
    CommandEnvelope Envelope,
    Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> Plan,
    Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> Replay)
    where T : class
{
    /// <summary>Whether the command may share one durable commit with others (group commit). Only a command whose plan
    /// reads nothing but the ledger state and the records (through a store that shows the records planned before it in
    /// the group) may be grouped.</summary>
    public bool Groupable { get; init; }
}
