using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// An open connection for the store's hand-written statements (positional parameters <c>@p0</c>, <c>@p1</c>…). On a
/// pooled SQLite connection the statements are prepared once and reused for the connection's life; otherwise each is
/// a fresh command, disposed with the session. Commands belong to the session: callers do not dispose them.
/// </summary>
internal sealed class DbSession : IAsyncDisposable
{
    private readonly PooledSqliteConnection? _pooled;
    private readonly SqlitePool? _pool;
    private readonly BooksDbContext? _context;
    private readonly List<DbCommand> _owned = [];
    private readonly DbTransaction? _ambient;
    private readonly Action? _giveBack;

    private DbSession(DbConnection connection, Dialect dialect, PooledSqliteConnection? pooled, SqlitePool? pool, BooksDbContext? context, DbTransaction? ambient = null, Action? giveBack = null)
    {
        Connection = connection;
        Dialect = dialect;
        _pooled = pooled;
        _pool = pool;
        _context = context;
        _ambient = ambient;
        _giveBack = giveBack;
    }

    internal DbConnection Connection { get; }

    internal Dialect Dialect { get; }

    internal static DbSession Pooled(PooledSqliteConnection pooled, SqlitePool pool) => new(pooled.Connection, Dialect.Sqlite, pooled, pool, null);

    internal static DbSession Owned(DbConnection connection, Dialect dialect) => new(connection, dialect, null, null, null);

    /// <summary>A session on a context's connection (opened through EF Core, so its interceptors run).</summary>
    internal static async Task<DbSession> OpenAsync(BooksDbContext context, CancellationToken cancellationToken)
    {
        try
        {
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return new DbSession(context.Database.GetDbConnection(), context is PostgresBooksDbContext ? Dialect.Postgres : Dialect.Sqlite, null, null, context);
        }
        catch
        {
            await context.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>This session's connection lent to a snapshot's reads (<see cref="SnapshotConnectionSource"/>): every
    /// statement runs in the snapshot's read transaction, and disposing the loan leaves the connection open and calls
    /// <paramref name="giveBack"/>.</summary>
    internal DbSession Lend(DbTransaction transaction, Action giveBack) => new(Connection, Dialect, _pooled, null, null, transaction, giveBack);

    internal DbCommand Command(DbTransaction? transaction, string text, params object?[] values) =>
        Bind(_pooled?.Prepared(text, values.Length) ?? Owned(text, values.Length), transaction ?? _ambient, values);

    /// <summary>A statement whose text carries inlined values, so differs every time: never kept prepared.</summary>
    internal DbCommand OneOff(DbTransaction? transaction, string text, params object?[] values) =>
        Bind(Owned(text, values.Length), transaction ?? _ambient, values);

    private DbCommand Owned(string text, int parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = text;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterNames.Get(i);
            command.Parameters.Add(parameter);
        }

        _owned.Add(command);
        return command;
    }

    private static DbCommand Bind(DbCommand command, DbTransaction? transaction, object?[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>Runs a statement that writes rows (<c>@p0</c>… in order) straight on a pooled SQLite connection's handle
    /// (<see cref="SqliteDirectStatement"/>), in the connection's transaction; <c>false</c> when it did not run (another
    /// engine, a lent connection, or values the provider converts), and the caller runs it as a command.</summary>
    internal bool TryExecuteDirect(string text, object?[] values) =>
        _pooled is not null && _ambient is null && _pooled.Direct(text, values.Length) is { } direct && direct.TryExecute(values);

    internal async Task<int> ExecuteAsync(DbTransaction? transaction, string text, CancellationToken cancellationToken, params object?[] values) =>
        await Command(transaction, text, values).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _owned)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        if (_giveBack is not null)
        {
            _giveBack();
            return;
        }

        if (_pooled is not null)
        {
            _pool!.Return(_pooled);
        }
        else if (_context is not null)
        {
            await _context.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
