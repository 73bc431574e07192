using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CommunityFund.Posting;

/// <summary>
/// The kernel's posting instruments, in the <see cref="MeterName"/> meter (System.Diagnostics.Metrics only; the host
/// decides whether anything listens): <c>communityfund.journals.posted</c> (journals durably appended),
/// <c>communityfund.posting.duration</c> (seconds one durable append took: one transaction, a group commit once) and
/// <c>communityfund.group_commit.size</c> (commands written by one durable commit), and the group commit's
/// <c>communityfund.group_commit.planning.duration</c> and <c>communityfund.group_commit.wait.duration</c> (seconds a group
/// was planned, and then waited for the group before it, under the ledger's lock). No tags, no content: counting costs
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

    private static readonly Histogram<double> GroupPlanningDuration = Meter.CreateHistogram(
        "communityfund.group_commit.planning.duration", "s",
        "How long the planner held the ledger's lock to read for and plan one group of the group commit (its keys, state and record lists, then each member).",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Histogram<double> GroupWaitDuration = Meter.CreateHistogram(
        "communityfund.group_commit.wait.duration", "s",
        "How long a planned group waited, still holding the ledger's lock, for the group before it to hold the head or be over before its transaction was sent.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    /// <summary>Records the planning of one group that started at <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    internal static void GroupPlanned(long started) => GroupPlanningDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);

    /// <summary>Records how long a planned group waited for the group before it, from <paramref name="started"/>.</summary>
    internal static void GroupWaited(long started) => GroupWaitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);

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
