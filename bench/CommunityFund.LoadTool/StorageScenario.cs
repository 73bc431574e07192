using System.Diagnostics;
using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CommunityFund.LoadTool;

/// <summary>
/// Bytes per sale (<c>--bytes-per-sale N [--postgres CONNECTION]</c>, issue 20): N sales posted through
/// <see cref="CommunityEconomy.RecordSaleAsync"/> — the command <c>POST /sales</c> runs, with its own UUID
/// idempotency key each — by 64 concurrent callers sharing group commits, on a fresh SQLite file (WAL,
/// <c>synchronous=FULL</c>) and, when a server is named, a fresh PostgreSQL database. Then the SQLite WAL is
/// checkpointed (<c>wal_checkpoint(TRUNCATE)</c>) and the file sizes divided by the sales; on PostgreSQL the tables are
/// vacuumed and <c>pg_total_relation_size</c> (heap, TOAST and indexes) summed over the store's tables. Bytes are
/// deterministic, so the figure does not depend on the machine's load. Each table's share (with its indexes) is printed
/// too: on SQLite the size of a vacuumed copy keeping only that table, less that of a copy keeping none; on PostgreSQL its
/// <c>pg_total_relation_size</c>. With <c>CF_KEEP_BYTES_DB=FILE</c> in the environment the SQLite database is kept
/// there for inspection; with <c>CF_BYTES_POSTGRES_ONLY=1</c> (and a server named) only PostgreSQL is measured.
/// </summary>
internal static class StorageScenario
{
    private static readonly LedgerId Ledger = LedgerId.From("bytes");
    private static readonly EntityId[] Providers = Program.Providers;

    internal static async Task<int> RunAsync(string folder, int sales, string? postgres)
    {
        Console.WriteLine($"# CommunityFund bytes per sale {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {sales:N0} sales, PostgreSQL {(postgres is null ? "no" : "yes")}");
        if (postgres is null || Environment.GetEnvironmentVariable("CF_BYTES_POSTGRES_ONLY") is not "1")
        {
            await SqliteRunAsync(folder, sales);
        }

        if (postgres is not null)
        {
            var database = "cf_bytes_" + Guid.NewGuid().ToString("N")[..8];
            await ExecuteAsync(postgres, $"CREATE DATABASE {database}");
            var connection = new NpgsqlConnectionStringBuilder(postgres) { Database = database, Pooling = true }.ConnectionString;
            try
            {
                await PostAsync(BooksStore.Postgres(connection), sales, "PostgreSQL");
                Print("PostgreSQL", sales, await PostgresSizesAsync(connection));
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                if (Environment.GetEnvironmentVariable("CF_KEEP_BYTES_DB") is "1")
                {
                    Console.WriteLine($"PostgreSQL database kept: {database}");
                }
                else
                {
                    await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                }
            }
        }

        return 0;
    }

    /// <summary>The SQLite run: N sales, then the sizes table by table (the database kept with <c>CF_KEEP_BYTES_DB</c>).</summary>
    private static async Task SqliteRunAsync(string folder, int sales)
    {
        var file = Path.Combine(folder, "bytes.db");
        var sqlite = BooksStore.Sqlite($"Data Source={file};Pooling=True");
        await PostAsync(sqlite, sales, "SQLite");
        SqliteConnection.ClearAllPools();
        Print("SQLite", sales, await SqliteSizesAsync(file));
        if (Environment.GetEnvironmentVariable("CF_KEEP_BYTES_DB") is { Length: > 0 } keep)
        {
            File.Copy(file, keep, overwrite: true);
        }
    }

    /// <summary>Bytes per sale on SQLite only (database + WAL after a checkpoint, divided by the sales), without the
    /// table-by-table breakdown: the quick run's row.</summary>
    internal static async Task<double> SqliteBytesPerSaleAsync(string folder, int sales)
    {
        var file = Path.Combine(folder, "quick-bytes.db");
        await PostAsync(BooksStore.Sqlite($"Data Source={file};Pooling=True"), sales, "SQLite");
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            await CheckpointAsync(connection);
        }

        return (double)new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / sales;
    }

    private static async Task PostAsync(EfLedgerStore store, int sales, string engine)
    {
        // The load tool's ledger: three providers (two 民非, a company-form café), the hub, the fund, the standard
        // policy and a package per provider.
        await store.MigrateAsync();
        await Program.CreateLedgerAsync(store, Ledger);
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 1, 0, 0), Duration.FromMilliseconds(3));
        var economy = new CommunityEconomy(store, new PostingEngine(store, clock), clock);
        await Program.SeedEconomyAsync(economy, Ledger);
        var stopwatch = Stopwatch.StartNew();
        var next = -1;
        async Task Worker()
        {
            for (var i = Interlocked.Increment(ref next); i < sales; i = Interlocked.Increment(ref next))
            {
                await Ok(economy.RecordSaleAsync(Ledger, Sale(i), new Guid(i, 7, 7, 1, 2, 3, 4, 5, 6, 7, 8).ToString()));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(Worker)));
        Console.WriteLine($"# {engine}: posted {sales:N0} sales in {stopwatch.Elapsed.TotalSeconds:N0} s");
    }

    /// <summary>A sale as the HTTP scenario sends them: a provider's package, paid or low-cost, 1–3 sessions, a channel, a
    /// date, a resident reference and, for the payment apps, the payment's reference.</summary>
    private static SaleRequest Sale(int i)
    {
        var p = i % Providers.Length;
        var lowCost = i % 4 == 0;
        var channel = (PaymentChannel)(1 + (i % 4));
        return new SaleRequest(Providers[p], $"package-{p}", lowCost ? PricingTier.LowCost : PricingTier.Paid, 1 + (i % 3), lowCost ? Cny(30m) : Cny(100m + p),
            channel, new LocalDate(2026, 1 + (i % 5), 1 + (i % 28)), $"r-{i % 5000}")
        {
            PaymentReference = channel is PaymentChannel.WeChatPay or PaymentChannel.Alipay ? $"4200001{i:D21}" : null,
        };
    }

    private static async Task<List<(string Table, long Bytes)>> SqliteSizesAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await CheckpointAsync(connection);

        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        await connection.CloseAsync();
        // Each table with its indexes: a copy of the database keeping only that table, vacuumed, less the size of the
        // same copy keeping nothing (the schema pages). The bundled SQLite has no dbstat view.
        var sizes = new List<(string, long)>();
        var empty = await SizeKeepingAsync(file, tables, null);
        foreach (var table in tables)
        {
            sizes.Add((table, await SizeKeepingAsync(file, tables, table) - empty));
        }

        sizes.Sort((a, b) => b.Item2.CompareTo(a.Item2));
        var total = new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        sizes.Insert(0, ("database + WAL after a checkpoint", total));
        return sizes;
    }

    /// <summary>Moves the WAL into the database and truncates it, so the files hold only what the books need.</summary>
    private static async Task CheckpointAsync(SqliteConnection connection)
    {
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync();
    }

    private static async Task<long> SizeKeepingAsync(string file, List<string> tables, string? keep)
    {
        var copy = file + ".part";
        File.Copy(file, copy, overwrite: true);
        await using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA foreign_keys=OFF; " + string.Concat(tables.Where(t => t != keep).Select(t => $"DROP TABLE \"{t}\"; ")) + "VACUUM;";
            await command.ExecuteNonQueryAsync();
        }

        var size = new FileInfo(copy).Length;
        File.Delete(copy);
        return size;
    }

    private static async Task<List<(string Table, long Bytes)>> PostgresSizesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection))
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        var sizes = new List<(string, long)>();
        await using (var command = new NpgsqlCommand(
            "SELECT c.relname::text, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY 2 DESC", connection))
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sizes.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        sizes.Insert(0, ("all tables (pg_total_relation_size: heap, TOAST, indexes)", sizes.Sum(s => s.Item2)));
        return sizes;
    }

    private static void Print(string engine, int sales, List<(string Table, long Bytes)> sizes)
    {
        Console.WriteLine();
        Console.WriteLine($"| {engine}, {sales:N0} sales | bytes | bytes per sale |");
        Console.WriteLine("|---|--:|--:|");
        foreach (var (table, bytes) in sizes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {table} | {bytes:N0} | {(double)bytes / sales:N0} |"));
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Ok<T>(Task<CommandResult<T>> command)
        where T : class
    {
        var result = await command;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors));
        }
    }

    private static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);
}
