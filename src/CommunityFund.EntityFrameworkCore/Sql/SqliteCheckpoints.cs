namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// When the store's pool moves the WAL's committed pages into the database file (ADR 0046). SQLite's own automatic
/// checkpoint runs inside the commit of whichever writer finds the WAL past its limit, so one append in a dozen paid
/// for copying a thousand pages and syncing the database file; the store's connections instead leave that to a
/// checkpoint of their pool's, run on a thread-pool thread once about <see cref="RowsPerCheckpoint"/> rows were
/// written through it (a passive one: it waits for no reader and no writer, and a writer never waits for it). The
/// connections' own automatic checkpoint stays as the safety net, at <see cref="SafetyNetPages"/> pages.
/// </summary>
internal sealed class SqliteCheckpoints
{
    /// <summary>Rows written between two checkpoints: about the thousand WAL pages of SQLite's own default (a sale's
    /// group writes about five rows a page).</summary>
    internal const long RowsPerCheckpoint = 4_096;

    /// <summary>The WAL's size, in pages, at which a writer's commit checkpoints after all (the checkpoints fell behind,
    /// or the writes did not come through the pool).</summary>
    internal const int SafetyNetPages = 10_000;

    private long _written;
    private int _running;

    /// <summary>Notes <paramref name="rows"/> written; <c>true</c> when a checkpoint is due and the caller is to run it
    /// (then <see cref="Done"/>), none being under way.</summary>
    internal bool Wrote(long rows)
    {
        if (Interlocked.Add(ref _written, rows) < RowsPerCheckpoint || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            return false;
        }

        Interlocked.Exchange(ref _written, 0);
        return true;
    }

    /// <summary>The checkpoint <see cref="Wrote"/> asked for is over (whether it ran).</summary>
    internal void Done() => Volatile.Write(ref _running, 0);
}
