namespace CommunityFund.EntityFrameworkCore;

/// <summary>PostgreSQL connections from Npgsql's pool for the connection string (the one
/// <c>NpgsqlConnection.ClearAllPools</c> clears after a server restart); statements used often are prepared by Npgsql's
/// automatic preparation. The store's statements leave no session state behind (no settings, advisory locks, cursors,
/// listeners or temporary tables), so a connection given back to the pool is not reset: the reset is six statements
/// the server would run before every use (an open transaction is still rolled back).</summary>
internal sealed class PostgresConnectionSource(string connectionString) : ConnectionSource
{
    private readonly string _connectionString =
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 3, NoResetOnClose = true }.ConnectionString;

    internal override async ValueTask<DbSession> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new Npgsql.NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return DbSession.Owned(connection, Dialect.Postgres);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
