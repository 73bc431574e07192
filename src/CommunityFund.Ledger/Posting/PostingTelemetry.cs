using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CommunityFund.Posting;

/// <summary>
/// The kernel's posting instruments, in the <see cref="MeterName"/> meter (System.Diagnostics.Metrics only; the host
/// decides whether anything listens): <c>communityfund.journals.posted</c> (journals durably appended),
/// <c>communityfund.posting.duration</c> (seconds one durable append took: one transaction, a group commit once) and
/// <c>communityfund.group_commit.size</c> (commands written by one durable commit). No tags, no content: counting costs
/// an add and a histogram bucket, nothing per line.
/// </summary>
internal static class PostingTelemetry
{
    /// <summary>The meter's name, for the host to listen to.</summary>
    internal const string MeterName = "CommunityFund.Posting";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> JournalsPosted = Meter.CreateCounter<long>(
        "communityfund.journals.posted", "{journal}", "Journals durably appended to the books.");

    private static readonly Histogram<double> PostingDuration = Meter.CreateHistogram(
        "communityfund.posting.duration", "s", "How long one durable append of journals took (one transaction; a group commit counts once).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<int> GroupCommitSize = Meter.CreateHistogram(
        "communityfund.group_commit.size", "{command}", "Commands written by one durable commit of the command pipeline (1 when a groupable command ran alone).",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    /// <summary>Records a durable append of <paramref name="journals"/> journals that started at <paramref name="started"/>
    /// (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    internal static void Appended(int journals, long started)
    {
        JournalsPosted.Add(journals);
        PostingDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Records the size of one durable commit of groupable commands.</summary>
    internal static void GroupCommitted(int commands) => GroupCommitSize.Record(commands);
}
