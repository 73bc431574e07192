namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The store's own pool of open SQLite connections: each is opened and given the store's pragmas once, and keeps its
/// prepared statements, so a read costs one statement step rather than an open, the pragmas and a prepare.
/// </summary>
internal sealed class SqlitePool(string connectionString, string pragmas) : ConnectionSource
{
    private const int MaxIdle = 64;
    private readonly System.Collections.Concurrent.ConcurrentBag<PooledSqliteConnection> _idle = [];

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
        if (pooled.Connection.State == System.Data.ConnectionState.Open && _idle.Count < MaxIdle)
        {
            _idle.Add(pooled);
        }
        else
        {
            pooled.Dispose();
        }
    }
}
