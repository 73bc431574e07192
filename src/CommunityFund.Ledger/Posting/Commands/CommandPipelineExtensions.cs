using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>Shorthands for running a command on an <see cref="ICommandPipeline"/>.</summary>
public static class CommandPipelineExtensions
{
    /// <summary>Runs a command made of its envelope, its plan and its replay.</summary>
    /// <typeparam name="T">What the command produces.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="envelope">The ledger, name, key and fingerprint.</param>
    /// <param name="plan">Plans the command on the ledger's state.</param>
    /// <param name="replay">Answers a replayed key from the journals the first run posted.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>What it produced, the journals it posted, or why it was refused.</returns>
    public static Task<CommandResult<T>> RunAsync<T>(
        this ICommandPipeline pipeline,
        CommandEnvelope envelope,
        Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> plan,
        Func<LedgerId, IReadOnlyList<Journal>, CancellationToken, Task<T?>> replay,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.RunAsync(new LedgerCommand<T>(envelope, plan, replay), cancellationToken);
    }

    /// <summary>Runs a command that posts no journals (it writes records only): a replay of its key is answered with
    /// the value recorded with the key.</summary>
    /// <typeparam name="T">What the command produces.</typeparam>
    /// <param name="pipeline">The pipeline.</param>
    /// <param name="envelope">The ledger, name, key and fingerprint.</param>
    /// <param name="plan">Plans the command on the ledger's state (<see cref="CommandPlan{T}.WithoutJournals"/> or a refusal).</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>What it produced, or why it was refused.</returns>
    public static Task<CommandResult<T>> RunAsync<T>(
        this ICommandPipeline pipeline,
        CommandEnvelope envelope,
        Func<LedgerState, CancellationToken, Task<CommandPlan<T>>> plan,
        CancellationToken cancellationToken = default)
        where T : class =>
        pipeline.RunAsync(envelope, plan, (_, _, _) => Task.FromResult<T?>(null), cancellationToken);
}
