namespace CommunityFund.Posting;

/// <summary>
/// Runs commands. The one implementation that writes is <see cref="CommandRunner"/>; retries
/// (<see cref="RetryingCommands"/>) and tracing (<see cref="TracedCommands"/>) are decorators around it, composed once
/// by <see cref="PostingEngine.Commands"/>.
/// </summary>
public interface ICommandPipeline
{
    /// <summary>Runs one command.</summary>
    /// <typeparam name="T">What the command produces.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>What it produced, the journals it posted, or why it was refused.</returns>
    Task<CommandResult<T>> RunAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken = default)
        where T : class;
}
