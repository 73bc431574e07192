using System.Data;
using System.Data.Common;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A snapshot's one connection, in one read transaction, lent to every read of the snapshot's store: on SQLite a
/// deferred transaction whose first read fixes the snapshot (WAL mode keeps it while writers append); on PostgreSQL a
/// <c>REPEATABLE READ, READ ONLY</c> transaction, whose first statement fixes it. Disposing rolls the transaction back
/// (nothing was written) and gives the connection back. A connection runs one statement at a time: the loans take turns
/// (the read-ahead of a journal stream waits for the page before it), and no read of the store holds its session while
/// it calls another.
/// </summary>
internal sealed class SnapshotConnectionSource : ConnectionSource, IAsyncDisposable
{
    private readonly DbSession _session;
    private readonly DbTransaction _transaction;
    private readonly SemaphoreSlim _turn = new(1, 1);

    private SnapshotConnectionSource(DbSession session, DbTransaction transaction)
    {
        _session = session;
        _transaction = transaction;
    }

    /// <summary>Begins the read transaction on a session of the live store and fixes its moment.</summary>
    internal static async Task<SnapshotConnectionSource> BeginAsync(DbSession session, CancellationToken cancellationToken)
    {
        DbTransaction? transaction = null;
        try
        {
            transaction = session.Connection is Microsoft.Data.Sqlite.SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await session.Connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            if (session.Dialect == Dialect.Postgres)
            {
                await session.ExecuteAsync(transaction, "SET TRANSACTION READ ONLY", cancellationToken).ConfigureAwait(false);
            }

            // The first read of the database fixes the moment the snapshot sees (on both engines).
            await session.Command(transaction, "SELECT COUNT(*) FROM ledgers").ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return new SnapshotConnectionSource(session, transaction);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal override async ValueTask<DbSession> OpenAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _session.Lend(_transaction, () => _turn.Release());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.RollbackAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
            // A read transaction has nothing to undo: a rollback fails only on a connection already lost, closed below.
        }
        finally
        {
            await _transaction.DisposeAsync().ConfigureAwait(false);
            await _session.DisposeAsync().ConfigureAwait(false);
            _turn.Dispose();
        }
    }
}
