using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CommunityFund.Posting;

/// <summary>
/// Traces each command as an <see cref="Activity"/> of the <see cref="SourceName"/> source (tags: ledger, command,
/// outcome, journals, error code) and counts it in the <see cref="SourceName"/> meter (<c>communityfund.commands</c> by
/// command and outcome; <c>communityfund.command.duration</c> in milliseconds). Neither the key nor any content is
/// recorded. Free when nobody listens.
/// </summary>
/// <param name="inner">The pipeline decorated.</param>
public sealed class TracedCommands(ICommandPipeline inner) : ICommandPipeline
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string SourceName = "CommunityFund.Commands";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Commands = Meter.CreateCounter<long>("communityfund.commands", description: "Commands run, by command and outcome.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("communityfund.command.duration", "ms", "How long commands took, queueing included.");

    /// <inheritdoc />
    public async Task<CommandResult<T>> RunAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = Source.StartActivity($"command {command.Envelope.Name}", ActivityKind.Internal);
        activity?.SetTag("ledger", command.Envelope.Ledger.Value);
        activity?.SetTag("command", command.Envelope.Name);
        var started = Stopwatch.GetTimestamp();
        var result = await inner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        var outcome = result.Outcome.ToString();
        activity?.SetTag("outcome", outcome);
        activity?.SetTag("journals", result.Journals.IsDefault ? 0 : result.Journals.Length);
        if (!result.Errors.IsDefaultOrEmpty)
        {
            activity?.SetTag("error.code", result.Errors[0].Code);
            activity?.SetStatus(ActivityStatusCode.Error, result.Errors[0].Code);
        }

        var tags = new TagList { { "command", command.Envelope.Name }, { "outcome", outcome } };
        Commands.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        return result;
    }
}
