using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The store's metrics: database errors are counted where they are translated, once per provider exception.</summary>
public class StoreTelemetryTests
{
    [Fact]
    public void DatabaseErrors_AreCountedByKind_OncePerProviderException_HoweverOftenTranslated()
    {
        var busy = new DbUpdateException("wrapped", new SqliteException("SQLite Error 5: 'database is locked'.", 5, 5));
        var counted = Listen(() =>
        {
            DatabaseErrors.Classify(busy);
            DatabaseErrors.IsTransient(busy);
            DatabaseErrors.IsUniqueViolation(busy);
        });

        Assert.Equal([(1L, "busy")], counted);
    }

    [Fact]
    public void AProviderErrorTheTranslatorDoesNotKnow_IsCountedAsUnknown_AndAnotherExceptionNotAtAll()
    {
        var strange = new SqliteException("SQLite Error 1: 'no such table'.", 1, 1);
        var counted = Listen(() =>
        {
            DatabaseErrors.Classify(strange);
            DatabaseErrors.Classify(new InvalidOperationException("not the database's"));
        });

        Assert.Equal([(1L, "unknown")], counted);
    }

    /// <summary>Runs <paramref name="act"/> and answers the database errors it counted (on this thread: other tests may
    /// count theirs in parallel, and translating is synchronous).</summary>
    private static List<(long Value, string? Kind)> Listen(Action act)
    {
        var counted = new ConcurrentQueue<(long, string?)>();
        var thread = Environment.CurrentManagedThreadId;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StoreTelemetry.MeterName && instrument.Name == "communityfund.database.errors")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? kind = null;
            foreach (var tag in tags)
            {
                kind = tag.Key == "kind" ? tag.Value as string : kind;
            }

            if (Environment.CurrentManagedThreadId == thread)
            {
                counted.Enqueue((value, kind));
            }
        });
        listener.Start();
        act();
        return [.. counted];
    }
}
