using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The store's instruments, in the <see cref="MeterName"/> meter (System.Diagnostics.Metrics only; the host decides
/// whether anything listens): <c>communityfund.database.errors</c>, database errors by <c>kind</c> (the
/// <see cref="DatabaseErrorKind"/> in snake case, <c>unknown</c> for a provider error the translator does not know),
/// each provider exception counted once however often it is asked about; and
/// <c>communityfund.store.group_commit.size</c>, the document writes one transaction of the store's group commit
/// carried; and <c>communityfund.store.sqlite.checkpoint.duration</c>, how long one of the SQLite pool's background
/// checkpoints took, and <c>communityfund.store.sqlite.checkpoint.pages</c>, the WAL pages it found (ADR 0046).
/// </summary>
internal static class StoreTelemetry
{
    /// <summary>The meter's name, for the host to listen to.</summary>
    internal const string MeterName = "CommunityFund.EntityFrameworkCore";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> DatabaseErrors = Meter.CreateCounter<long>(
        "communityfund.database.errors", "{error}", "Database errors, by kind (unique_violation, append_only_violation, constraint_violation, conflict, busy, unavailable, unknown).");

    private static readonly Histogram<int> DocumentCommitSize = Meter.CreateHistogram(
        "communityfund.store.group_commit.size", "{write}", "Document writes carried by one transaction of the store's group commit.",
        tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    private static readonly Histogram<double> CheckpointDuration = Meter.CreateHistogram(
        "communityfund.store.sqlite.checkpoint.duration", "s", "How long one background checkpoint of the SQLite store's WAL took.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Histogram<long> CheckpointPages = Meter.CreateHistogram(
        "communityfund.store.sqlite.checkpoint.pages", "{page}", "The WAL pages one background checkpoint of the SQLite store found, by whether it moved them all (complete true or false).",
        tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [100, 250, 500, 1000, 2500, 5000, 10000, 25000] });

    /// <summary>The provider exceptions already counted (weakly held: they are collected with the exceptions).</summary>
    private static readonly ConditionalWeakTable<Exception, object> Counted = [];

    private static readonly object Marker = new();

    /// <summary>Counts a database error once per provider exception.</summary>
    /// <param name="exception">The provider exception that was translated.</param>
    /// <param name="kind">What it means.</param>
    internal static void DatabaseError(Exception exception, DatabaseErrorKind kind)
    {
        if (Counted.TryAdd(exception, Marker))
        {
            DatabaseErrors.Add(1, new KeyValuePair<string, object?>("kind", Name(kind)));
        }
    }

    /// <summary>Counts a provider error the translator does not know (the first <see cref="DbException"/> of the chain).</summary>
    internal static void UnknownDatabaseError(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException)
            {
                DatabaseError(e, DatabaseErrorKind.Unknown);
                return;
            }
        }
    }

    /// <summary>Records the size of one transaction of the store's group commit.</summary>
    internal static void DocumentsCommitted(int writes) => DocumentCommitSize.Record(writes);

    /// <summary>Records one background checkpoint: its duration from <paramref name="started"/> (a
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp), the WAL's pages, and whether it moved them all.</summary>
    internal static void Checkpointed(long started, long pages, bool complete)
    {
        CheckpointDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        CheckpointPages.Record(pages, new KeyValuePair<string, object?>("complete", complete));
    }

    private static string Name(DatabaseErrorKind kind) => kind switch
    {
        DatabaseErrorKind.UniqueViolation => "unique_violation",
        DatabaseErrorKind.AppendOnlyViolation => "append_only_violation",
        DatabaseErrorKind.ConstraintViolation => "constraint_violation",
        DatabaseErrorKind.Conflict => "conflict",
        DatabaseErrorKind.Busy => "busy",
        DatabaseErrorKind.Unavailable => "unavailable",
        _ => "unknown",
    };
}
