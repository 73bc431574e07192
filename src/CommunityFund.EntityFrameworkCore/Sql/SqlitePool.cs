namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The store's own pool of open SQLite connections: each is opened and given the store's pragmas once, and keeps its
/// prepared statements, so a read costs one statement step rather than an open, the pragmas and a prepare. The pool also
/// checkpoints the WAL, off the writers' path (<see cref="SqliteCheckpoints"/>).
/// </summary>
internal sealed class SqlitePool(string connectionString, string pragmas) : ConnectionSource
{
    private const int MaxIdle = 64;
    private readonly System.Collections.Concurrent.ConcurrentBag<PooledSqliteConnection> _idle = [];
    private readonly SqliteCheckpoints _checkpoints = new();

    internal override async ValueTask<DbSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_idle.TryTake(out var pooled))
        {
            var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            pooled = new PooledSqliteConnection(connection);
        }

        return DbSession.Pooled(pooled, this);
    }

    internal void Return(PooledSqliteConnection pooled)
    {
        var written = pooled.PagesWritten();
        if (pooled.Connection.State == System.Data.ConnectionState.Open && _idle.Count < MaxIdle)
        {
            _idle.Add(pooled);
        }
        else
        {
            pooled.Dispose();
        }

        if (written > 0 && _checkpoints.Wrote(written))
        {
            _ = Task.Run(Checkpoint);
        }
    }

    /// <summary>A passive checkpoint on an idle connection of the pool (never one opened for it: the files may be gone
    /// by now, and opening would create them again); none when every connection is busy, or when it fails (a full disk):
    /// the pages stay in the WAL and the next write asks again.</summary>
    private void Checkpoint()
    {
        var complete = false;
        try
        {
            if (!_idle.TryTake(out var pooled))
            {
                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                using var command = pooled.Connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    var pages = reader.GetInt64(1);
                    complete = reader.GetInt64(0) == 0 && reader.GetInt64(2) >= pages;
                    StoreTelemetry.Checkpointed(started, pages, complete);
                }
            }
            finally
            {
                Return(pooled);
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Busy (another checkpoint), a full disk, or the files are gone: nothing lost, the pages stay in the WAL.
        }
        finally
        {
            _checkpoints.Done(complete);
        }
    }
}
