namespace CommunityFund.Posting;

/// <summary>Runs a command again, after a short randomised pause, when it met another writer (another process moved
/// the ledger's head or took its key while it was planned); after <see cref="MaxAttempts"/> it answers
/// <see cref="ErrorCodes.LedgerBusy"/>. Refusals and successes pass through untouched.</summary>
/// <param name="inner">The pipeline decorated.</param>
public sealed class RetryingCommands(ICommandPipeline inner) : ICommandPipeline
{
    /// <summary>The most times a command is run.</summary>
    public const int MaxAttempts = 8;

    /// <inheritdoc />
    public async Task<CommandResult<T>> RunAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(command);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var result = await inner.RunAsync(command, cancellationToken).ConfigureAwait(false);
            if (!result.MetAnotherWriter)
            {
                return result;
            }

            // Jitter, so writers that collided do not collide again in step.
            await Task.Delay(Random.Shared.Next(0, 2 + (attempt * 4)), cancellationToken).ConfigureAwait(false);
        }

        return CommandResult<T>.Rejected(ErrorCodes.LedgerBusy, $"Ledger '{command.Envelope.Ledger}' stayed busy with other writers; try again.", "ledger");
    }
}
