using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// How the two providers store the values EF Core maps for us elsewhere, for the store's hand-written hot paths
/// (append, head, idempotency, documents, journal pages): SQLite keeps dates as ISO text, instants as integer Unix
/// nanoseconds and ids as upper-case text (what the EF model's converters write); PostgreSQL keeps date, timestamptz
/// and uuid.
/// </summary>
internal sealed class Dialect
{
    internal static readonly Dialect Sqlite = new(isSqlite: true);
    internal static readonly Dialect Postgres = new(isSqlite: false);

    private Dialect(bool isSqlite) => IsSqlite = isSqlite;

    internal bool IsSqlite { get; }

    internal object Date(LocalDate date) => IsSqlite ? IsoDate.Format(date) : date.ToDateOnly();

    internal object Instant(Instant instant) => IsSqlite ? (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds() : instant.ToDateTimeUtc();

    internal object Id(Guid id) => IsSqlite ? id.ToString("D").ToUpperInvariant() : id;

    internal LocalDate ReadDate(DbDataReader reader, int ordinal) =>
        IsSqlite ? IsoDate.Parse(reader.GetString(ordinal)) : LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(ordinal));

    internal Instant ReadInstant(DbDataReader reader, int ordinal) =>
        IsSqlite ? NodaConstants.UnixEpoch + Duration.FromNanoseconds(reader.GetInt64(ordinal)) : NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    internal Guid ReadId(DbDataReader reader, int ordinal) => IsSqlite ? Guid.Parse(reader.GetString(ordinal)) : reader.GetGuid(ordinal);
}

/// <summary>ISO dates (<c>yyyy-MM-dd</c>) without the pattern machinery: the scan path parses one per journal.</summary>
internal static class IsoDate
{
    internal static string Format(LocalDate date) =>
        date.Year is < 1 or > 9999 ? NodaTime.Text.LocalDatePattern.Iso.Format(date) : string.Create(10, date, static (span, d) =>
        {
            d.Year.TryFormat(span[..4], out _, "D4", CultureInfo.InvariantCulture);
            span[4] = '-';
            d.Month.TryFormat(span[5..7], out _, "D2", CultureInfo.InvariantCulture);
            span[7] = '-';
            d.Day.TryFormat(span[8..], out _, "D2", CultureInfo.InvariantCulture);
        });

    internal static LocalDate Parse(string text)
    {
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
        {
            // Years outside 1–9999, as the EF model's converter writes them.
            return NodaTime.Text.LocalDatePattern.Iso.Parse(text).GetValueOrThrow();
        }

        return new LocalDate(Digits(text, 0, 4), Digits(text, 5, 2), Digits(text, 8, 2));
    }

    private static int Digits(string text, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new FormatException($"'{text}' is not an ISO date.");
            }

            value = (value * 10) + digit;
        }

        return value;
    }
}

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

    private DbSession(DbConnection connection, Dialect dialect, PooledSqliteConnection? pooled, SqlitePool? pool, BooksDbContext? context)
    {
        Connection = connection;
        Dialect = dialect;
        _pooled = pooled;
        _pool = pool;
        _context = context;
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

    internal DbCommand Command(DbTransaction? transaction, string text, params object?[] values) =>
        Bind(_pooled?.Prepared(text, values.Length) ?? Owned(text, values.Length), transaction, values);

    /// <summary>A statement whose text carries inlined values, so differs every time: never kept prepared.</summary>
    internal DbCommand OneOff(DbTransaction? transaction, string text, params object?[] values) =>
        Bind(Owned(text, values.Length), transaction, values);

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

    internal async Task<int> ExecuteAsync(DbTransaction? transaction, string text, CancellationToken cancellationToken, params object?[] values) =>
        await Command(transaction, text, values).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _owned)
        {
            await command.DisposeAsync().ConfigureAwait(false);
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

/// <summary>Cached parameter names.</summary>
internal static class ParameterNames
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 4096).Select(i => "@p" + i.ToString(CultureInfo.InvariantCulture))];

    internal static string Get(int index) => index < Names.Length ? Names[index] : "@p" + index.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Rows for one table, written as multi-row <c>INSERT … VALUES (…), (…)</c> statements in chunks: on PostgreSQL large
/// ones (each statement is a round trip); on SQLite small ones (in process there are no round trips, but binding by
/// name costs time linear in a statement's parameter count, per parameter), whose few distinct texts the pooled
/// connection keeps prepared.
/// </summary>
internal sealed class RowsStatement(string table, string[] columns, string suffix = "")
{
    private readonly List<object?> _values = [];

    internal void Add(params object?[] row)
    {
        if (row.Length != columns.Length)
        {
            throw new ArgumentException($"{table} takes {columns.Length} values, not {row.Length}.", nameof(row));
        }

        _values.AddRange(row);
    }

    internal async Task ExecuteAsync(DbSession session, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var rows = _values.Count / columns.Length;
        var rowsPerStatement = Math.Max(1, (session.Dialect.IsSqlite ? 100 : 2_000) / columns.Length);
        for (var start = 0; start < rows; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows - start);
            var values = _values.GetRange(start * columns.Length, count * columns.Length).ToArray();
            await session.ExecuteAsync(transaction, Text(count), cancellationToken, values).ConfigureAwait(false);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Table, string Suffix, int Rows), string> Texts = new();

    private string Text(int rows) => Texts.GetOrAdd((table, suffix, rows), _ => BuildText(rows));

    private string BuildText(int rows)
    {
        var text = new StringBuilder(64 + (rows * columns.Length * 6))
            .Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                text.Append(c == 0 ? string.Empty : ", ").Append(ParameterNames.Get((r * columns.Length) + c));
            }

            text.Append(')');
        }

        return text.Append(suffix).ToString();
    }
}

/// <summary>Where the store's hand-written paths get open connections without building an EF Core context.</summary>
internal abstract class ConnectionSource
{
    internal abstract ValueTask<DbSession> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>A SQLite connection kept open by the store's pool, with its prepared statements.</summary>
internal sealed class PooledSqliteConnection(Microsoft.Data.Sqlite.SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    internal Microsoft.Data.Sqlite.SqliteConnection Connection => connection;

    /// <summary>The prepared statement for <paramref name="text"/>; <c>null</c> once the connection keeps as many as it
    /// should (the caller then uses a statement of its own).</summary>
    internal DbCommand? Prepared(string text, int parameters)
    {
        if (_prepared.TryGetValue(text, out var command))
        {
            return command;
        }

        if (_prepared.Count >= 256)
        {
            return null;
        }

        command = connection.CreateCommand();
        command.CommandText = text;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterNames.Get(i);
            command.Parameters.Add(parameter);
        }

        _prepared[text] = command;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}

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

/// <summary>PostgreSQL connections from Npgsql's pool for the connection string (the one
/// <c>NpgsqlConnection.ClearAllPools</c> clears after a server restart); statements used often are prepared by Npgsql's
/// automatic preparation.</summary>
internal sealed class PostgresConnectionSource(string connectionString) : ConnectionSource
{
    private readonly string _connectionString =
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64, AutoPrepareMinUsages = 3 }.ConnectionString;

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
