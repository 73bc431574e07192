namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// When the store's pool moves the WAL's committed pages into the database file (ADR 0046). SQLite's own automatic
/// checkpoint runs inside the commit of whichever writer finds the WAL past its limit, so one append in a dozen paid
/// for copying a thousand pages and syncing the database file; the store's connections instead leave that to a
/// checkpoint of their pool's, run on a thread-pool thread once its connections wrote about
/// <see cref="PagesPerCheckpoint"/> pages to the WAL (a passive one: it waits for no reader and no writer, and a
/// writer never waits for it). A checkpoint that could not move every page (a reader held some back, or the disk is
/// full) leaves the count as it was, so the next write asks again, at most every <see cref="RetryInterval"/>. The
/// connections' own automatic checkpoint stays as the safety net, at <see cref="SafetyNetPages"/> pages.
/// </summary>
internal sealed class SqliteCheckpoints
{
    /// <summary>WAL pages written between two checkpoints: SQLite's own default.</summary>
    internal const long PagesPerCheckpoint = 1_000;

    /// <summary>The WAL's size, in pages, at which a writer's commit checkpoints after all (the pool's checkpoints fell
    /// behind, or the writes did not come through the pool).</summary>
    internal const int SafetyNetPages = 4_000;

    /// <summary>How soon a checkpoint that could not move every page is tried again.</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private long _written;
    private long _taken;
    private long _notBefore;
    private int _running;

    /// <summary>Notes <paramref name="pages"/> written to the WAL; <c>true</c> when a checkpoint is due and the caller is
    /// to run it (then <see cref="Done"/>), none being under way.</summary>
    internal bool Wrote(long pages)
    {
        var written = Interlocked.Add(ref _written, pages);
        if (written < PagesPerCheckpoint || System.Diagnostics.Stopwatch.GetTimestamp() < Volatile.Read(ref _notBefore)
            || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return false;
        }

        _taken = written;
        return true;
    }

    /// <summary>The checkpoint <see cref="Wrote"/> asked for is over: when it moved every page, the pages written before
    /// it are no longer counted; else it is tried again after <see cref="RetryInterval"/>.</summary>
    internal void Done(bool complete)
    {
        if (complete)
        {
            Interlocked.Add(ref _written, -_taken);
        }
        else
        {
            Volatile.Write(ref _notBefore, System.Diagnostics.Stopwatch.GetTimestamp() + (long)(RetryInterval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency));
        }

        Volatile.Write(ref _running, 0);
    }
}
