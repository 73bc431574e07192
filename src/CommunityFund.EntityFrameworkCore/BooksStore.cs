using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>One-line set-up of the durable books: <c>BooksStore.Sqlite("Data Source=books.db")</c> or
/// <c>BooksStore.Postgres(connectionString)</c>.</summary>
public static class BooksStore
{
    /// <summary>A store on a SQLite file (WAL, foreign keys on, <paramref name="durability"/>).</summary>
    /// <param name="connectionString">E.g. <c>Data Source=books.db</c>.</param>
    /// <param name="durability">The commit durability.</param>
    /// <returns>The store; call <see cref="EfLedgerStore.MigrateAsync"/> once before use.</returns>
    public static EfLedgerStore Sqlite(string connectionString, SqliteDurability durability = SqliteDurability.Full)
    {
        var options = SqliteOptions(connectionString, durability);
        return new EfLedgerStore(() => new SqliteBooksDbContext(options), new SqlitePool(connectionString, SqlitePragmas.For(durability, connectionString)));
    }

    /// <summary>A store on PostgreSQL.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The store; call <see cref="EfLedgerStore.MigrateAsync"/> once before use (as the owner role).</returns>
    public static EfLedgerStore Postgres(string connectionString)
    {
        var options = PostgresOptions(connectionString);
        return new EfLedgerStore(() => new PostgresBooksDbContext(options), new PostgresConnectionSource(connectionString));
    }

    /// <summary>Books on several PostgreSQL servers, each ledger whole on one of them (<see cref="ShardedLedgerStore"/>).</summary>
    /// <param name="shards">The shards' names and connection strings, in configuration order.</param>
    /// <param name="reserved">Ledger ids kept on the home shard besides the directory (such as the operator's keys).</param>
    /// <param name="clock">The clock that dates placements.</param>
    /// <returns>The store; call <see cref="ShardedLedgerStore.MigrateAsync"/>, then <see cref="ShardedLedgerStore.StartAsync"/>, once before use.</returns>
    public static ShardedLedgerStore PostgresShards(IEnumerable<(string Name, string ConnectionString)> shards, IEnumerable<CommunityFund.Ledger.LedgerId> reserved, NodaTime.IClock clock) =>
        new([.. shards.Select(s => new BooksShard(s.Name, Postgres(s.ConnectionString)))], reserved, clock);

    /// <summary>The context options for SQLite.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="durability">The commit durability.</param>
    /// <returns>The options.</returns>
    public static DbContextOptions<SqliteBooksDbContext> SqliteOptions(string connectionString, SqliteDurability durability = SqliteDurability.Full) =>
        new DbContextOptionsBuilder<SqliteBooksDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas(durability, connectionString))
            .Options;

    /// <summary>The context options for PostgreSQL.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The options.</returns>
    public static DbContextOptions<PostgresBooksDbContext> PostgresOptions(string connectionString) =>
        new DbContextOptionsBuilder<PostgresBooksDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.UseNodaTime())
            .Options;

    /// <summary>Sets the pragmas on every new SQLite connection. A read-only connection (EF Core's check that the database
    /// exists opens one) does not switch to WAL: it cannot, on a file in rollback-journal mode such as a restored
    /// backup, and the first read-write connection switches it. How long a statement waits for a lock another process
    /// holds is the connection string's <c>Default Timeout</c> (seconds, 30 unless set): SQLite's busy handler waits that
    /// long, and the command then fails as busy (answered 503 by the API). A connection's own automatic checkpoint waits
    /// for a WAL of <see cref="SqliteCheckpoints.SafetyNetPages"/> pages: the store's pool checkpoints long before, off the
    /// writers' path (ADR 0046).</summary>
    internal sealed class SqlitePragmas(SqliteDurability durability, string connectionString) : DbConnectionInterceptor
    {
        private const string Wal = "PRAGMA journal_mode=WAL; ";
        private readonly string _pragmas = For(durability, connectionString);

        /// <summary>The pragmas every connection of the store runs when opened.</summary>
        internal static string For(SqliteDurability durability, string connectionString)
        {
            var busyMilliseconds = (long)new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DefaultTimeout * 1000;
            return $"{Wal}PRAGMA synchronous={(durability == SqliteDurability.Normal ? "NORMAL" : "FULL")}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={busyMilliseconds}; PRAGMA wal_autocheckpoint={SqliteCheckpoints.SafetyNetPages};";
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            AddFunctions(connection);
            using var command = connection.CreateCommand();
            command.CommandText = PragmasFor(connection);
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            AddFunctions(connection);
            await using var command = connection.CreateCommand();
            command.CommandText = PragmasFor(connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The functions the migrations use to convert ids and keys (issue 20; the bundled SQLite has no
        /// <c>unhex</c>): <c>cf_uuid_bytes(value, canonical_only)</c> makes a UUID's text its 16 bytes (with
        /// <c>canonical_only</c> 1, only the canonical lower-case text: a caller's key), anything else is returned as
        /// it is; <c>cf_uuid_text(value, upper)</c> makes 16 bytes the UUID's text again; <c>cf_json_stored(value, compress)</c>
        /// makes a record's JSON its stored form (<see cref="StoredJson"/>) or, with <c>compress</c> 0, the text again.</summary>
        private static void AddFunctions(DbConnection connection)
        {
            if (connection is not Microsoft.Data.Sqlite.SqliteConnection sqlite)
            {
                return;
            }

            sqlite.CreateFunction<object?, long, object?>("cf_uuid_bytes", static (value, canonicalOnly) =>
                value is string text && (canonicalOnly != 0 ? Dialect.CanonicalUuid(text) : Guid.TryParse(text, out var any) ? any : null) is { } uuid
                    ? uuid.ToByteArray(bigEndian: true)
                    : value, isDeterministic: true);
            sqlite.CreateFunction<object?, long, object?>("cf_uuid_text", static (value, upper) =>
                value is byte[] { Length: 16 } bytes ? (upper != 0 ? new Guid(bytes, bigEndian: true).ToString("D").ToUpperInvariant() : new Guid(bytes, bigEndian: true).ToString("D")) : value,
                isDeterministic: true);
            sqlite.CreateFunction<object?, long, object?>("cf_json_stored", static (value, compress) =>
                compress != 0 ? (value is string text ? StoredJson.Write(text) : value) : (value is byte[] bytes ? StoredJson.Read(bytes) : value),
                isDeterministic: true);
        }

        private string PragmasFor(DbConnection connection) =>
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection.ConnectionString).Mode == Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly
                ? _pragmas.Replace(Wal, string.Empty, StringComparison.Ordinal)
                : _pragmas;
    }
}
