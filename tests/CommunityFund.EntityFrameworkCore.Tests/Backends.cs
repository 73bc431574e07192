using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>A fresh, empty store for one test, and how to reach its database directly.</summary>
public interface IBackend : IAsyncDisposable
{
    /// <summary>The store.</summary>
    ILedgerStore Store { get; }

    /// <summary>Another store over the same database (another "process" as far as the engine can tell).</summary>
    /// <returns>The store.</returns>
    ILedgerStore OpenAnother();

    /// <summary>Runs a statement directly in the database (for tampering and trigger tests).</summary>
    /// <param name="sql">The statement.</param>
    /// <returns>A task.</returns>
    Task ExecuteAsync(string sql);
}

/// <summary>The in-memory store.</summary>
public sealed class InMemoryBackend : IBackend
{
    /// <inheritdoc />
    public ILedgerStore Store { get; } = new InMemoryLedgerStore();

    /// <inheritdoc />
    public ILedgerStore OpenAnother() => Store;

    /// <inheritdoc />
    public Task ExecuteAsync(string sql) => throw new NotSupportedException("The in-memory store has no SQL.");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A SQLite file in a temporary folder, migrated.</summary>
public sealed class SqliteBackend : IBackend
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-sqlite-").FullName;

    private SqliteBackend()
    {
        Path = System.IO.Path.Combine(_folder, "books.db");
        ConnectionString = $"Data Source={Path}";
        Store = BooksStore.Sqlite(ConnectionString);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The connection string.</summary>
    public string ConnectionString { get; }

    /// <inheritdoc />
    public ILedgerStore Store { get; }

    /// <summary>Creates and migrates a new database.</summary>
    /// <returns>The backend.</returns>
    public static async Task<SqliteBackend> CreateAsync()
    {
        var backend = new SqliteBackend();
        await ((EfLedgerStore)backend.Store).MigrateAsync();
        return backend;
    }

    /// <inheritdoc />
    public ILedgerStore OpenAnother() => BooksStore.Sqlite(ConnectionString);

    /// <inheritdoc />
    public async Task ExecuteAsync(string sql)
    {
        await using var context = new SqliteBooksDbContext(BooksStore.SqliteOptions(ConnectionString));
        await context.Database.ExecuteSqlRawAsync(sql);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the temporary folder is cleaned by the system.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A new PostgreSQL database cloned from a migrated template, used through the application role.</summary>
public sealed class PostgresBackend : IBackend
{
    private PostgresBackend(string database, string appConnectionString, string ownerConnectionString)
    {
        Database = database;
        AppConnectionString = appConnectionString;
        OwnerConnectionString = ownerConnectionString;
        Store = BooksStore.Postgres(appConnectionString);
    }

    /// <summary>The database name.</summary>
    public string Database { get; }

    /// <summary>A connection string of the application role (does not own the tables).</summary>
    public string AppConnectionString { get; }

    /// <summary>A connection string of the tables' owner.</summary>
    public string OwnerConnectionString { get; }

    /// <inheritdoc />
    public ILedgerStore Store { get; }

    /// <summary>Creates a database for one test.</summary>
    /// <returns>The backend.</returns>
    public static async Task<PostgresBackend> CreateAsync()
    {
        var name = $"cf_{Guid.NewGuid():N}";
        await PostgresServer.CloneTemplateAsync(name);
        return new PostgresBackend(name, PostgresServer.ConnectionString(name, PostgresServer.AppRole), PostgresServer.ConnectionString(name, null));
    }

    /// <inheritdoc />
    public ILedgerStore OpenAnother() => BooksStore.Postgres(AppConnectionString);

    /// <inheritdoc />
    public Task ExecuteAsync(string sql) => PostgresServer.ExecuteAsync(AppConnectionString, sql);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.ExecuteAsync(PostgresServer.Admin, $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
    }
}

/// <summary>The PostgreSQL server the tests use (started by scripts/test.sh), reached through COMMUNITYFUND_PG_ADMIN.</summary>
public static class PostgresServer
{
    /// <summary>The application role the stores use.</summary>
    public const string AppRole = "cf_app";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static readonly SemaphoreSlim CloneLock = new(1, 1);
    private static string? _template;

    /// <summary>The owner's connection string to the maintenance database.</summary>
    public static string Admin => Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN")
        ?? throw new InvalidOperationException("No PostgreSQL server: set COMMUNITYFUND_PG_ADMIN (./scripts/test.sh starts a throw-away server).");

    /// <summary>A connection string for a database, as the owner or as a role.</summary>
    /// <param name="database">The database.</param>
    /// <param name="role">The role, or <c>null</c> for the owner.</param>
    /// <returns>The connection string.</returns>
    public static string ConnectionString(string database, string? role)
    {
        var builder = new NpgsqlConnectionStringBuilder(Admin) { Database = database, Pooling = true };
        if (role is not null)
        {
            builder.Username = role;
        }

        return builder.ConnectionString;
    }

    /// <summary>Runs a statement.</summary>
    /// <param name="connectionString">Where.</param>
    /// <param name="sql">The statement.</param>
    /// <returns>A task.</returns>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Creates a database as a copy of the template. PostgreSQL copies one database from a template at a time,
    /// so copies queue here.</summary>
    /// <param name="name">The new database.</param>
    /// <returns>A task.</returns>
    public static async Task CloneTemplateAsync(string name)
    {
        var template = await TemplateAsync();
        await CloneLock.WaitAsync();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await ExecuteAsync(Admin, $"CREATE DATABASE {name} TEMPLATE {template}");
                    return;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
                {
                    await Task.Delay(100);
                }
            }
        }
        finally
        {
            CloneLock.Release();
        }
    }

    /// <summary>The migrated template database (created once per test run), with the application role's grants.</summary>
    /// <returns>Its name.</returns>
    public static async Task<string> TemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is not null)
            {
                return _template;
            }

            var name = $"cf_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
            await ExecuteAsync(Admin, $"CREATE DATABASE {name}");
            await ExecuteAsync(Admin, $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AppRole}') THEN CREATE ROLE {AppRole} LOGIN; END IF; END $$;");
            var owner = new NpgsqlConnectionStringBuilder(ConnectionString(name, null)) { Pooling = false }.ConnectionString;
            await BooksStore.Postgres(owner).MigrateAsync();
            await PostgresRoles.GrantApplicationRoleAsync(owner, AppRole);
            NpgsqlConnection.ClearAllPools();
            _template = name;
            return name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }
}
