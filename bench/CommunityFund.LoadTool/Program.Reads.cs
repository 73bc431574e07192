using System.Collections.Immutable;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace CommunityFund.LoadTool;

/// <summary>The reads at size: a generated ledger, the read targets, verification and the export in its own process.</summary>
internal static partial class Program
{
    /// <summary>The read targets of issue 20 (<c>--reads N [--reads-cache FILE]</c>): on a ledger of N journals (generated, or
    /// reused from the cache file), the current trial balance, an entity's statement of activities for a month, and an
    /// account's register for a week, each timed as the mean of several runs after one untimed.</summary>
    internal static async Task<int> ReadTargetsAsync(string folder, int journals, string? cache, string? postgres = null)
    {
        Console.WriteLine($"# CommunityFund read targets {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {journals:N0} journals, {Environment.ProcessorCount} cores, .NET {Environment.Version}" +
            (postgres is null ? string.Empty : ", PostgreSQL"));
        var file = cache ?? Path.Combine(folder, "reads.db");
        var (target, exists) = postgres is null ? (Sqlite(file), File.Exists(file)) : await PostgresReadsAsync(postgres, cache ?? $"cf_reads_{journals}");
        if (!exists)
        {
            await GenerateAsync(target, journals);
        }
        else
        {
            var migrate = Stopwatch.StartNew();
            await target.Store.MigrateAsync();
            Console.WriteLine($"# migrated the existing ledger in {migrate.Elapsed.TotalSeconds:N1} s");
        }

        if (!target.IsSqlite)
        {
            await using var connection = target.Connect();
            await connection.OpenAsync();
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "VACUUM ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }

        var store = target.Store;
        var entity = Providers[0];
        var cash = AccountCode.Parse("1002.01");
        var (march1, march7) = (new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 7));
        var second = (await AccountRegister.BuildPageAsync(store, Ledger, entity, cash, march1, march7, null, 200)).Next;
        var reads = new (string Name, double Target, int Runs, Func<Task> Read)[]
        {
            ("Trial balance, current", 10, 20, () => TrialBalance.BuildAsync(store, Ledger, entity, null)),
            ("Statement of activities, one entity, one month", 50, 20, () => StatementOfActivities.BuildAsync(store, Ledger, entity, new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 31))),
            ("Register, one account, one week, whole (unpaged)", double.NaN, 3, () => AccountRegister.BuildAsync(store, Ledger, entity, cash, march1, march7)),
            ("Register page, one account, one week, first 100 journals", 50, 20, () => AccountRegister.BuildPageAsync(store, Ledger, entity, cash, march1, march7, null, 100)),
            ($"Register page, one account, one week, 100 journals after {second}", 50, 20, () => AccountRegister.BuildPageAsync(store, Ledger, entity, cash, march1, march7, second, 100)),
            ("Register page, one account, no dates, first 100 journals", 50, 20, () => AccountRegister.BuildPageAsync(store, Ledger, entity, cash, null, null, null, 100)),
        };
        foreach (var (name, goal, runs, read) in reads)
        {
            var (median, fastest) = await MedianAsync(runs, read);
            Report($"{name} ({journals:N0} journals)", $"median {median:N1} ms (fastest {fastest:N1} ms, {runs} runs)", double.IsNaN(goal) ? "—" : $"target ≤ {goal:N0} ms", goal / median);
        }

        PrintResults();
        return 0;
    }

    /// <summary>The reads' database on PostgreSQL: <paramref name="database"/> on the server, kept between runs (with
    /// <c>--reads-cache NAME</c>, the database's name) and created when missing; whether it existed.</summary>
    private static async Task<(Target Target, bool Exists)> PostgresReadsAsync(string admin, string database)
    {
        bool exists;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var find = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
            find.Parameters.AddWithValue("name", database);
            exists = (long)(await find.ExecuteScalarAsync())! > 0;
            if (!exists)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;
        return (new Target(BooksStore.Postgres(cs), () => new NpgsqlConnection(cs), false), exists);
    }

    /// <summary>Bulk-posts a ledger of <paramref name="journals"/> journals (sales and their distributions) into a fresh database.</summary>
    internal static async Task GenerateAsync(Target target, int journals)
    {
        await target.Store.MigrateAsync();
        await CreateLedgerAsync(target.Store);
        var engine = new PostingEngine(target.Store, new FakeClock(Instant.FromUtc(2026, 6, 1, 0, 0)));
        var random = new Random(7);
        var generate = Stopwatch.StartNew();
        for (var start = 0; start < journals / 2; start += 2_500)
        {
            var drafts = Enumerable.Range(start, Math.Min(2_500, (journals / 2) - start)).SelectMany(i => SaleDrafts(random, i)).ToImmutableArray();
            var result = await engine.PostBatchAsync(new PostingBatch(Ledger, drafts, $"gen-{start}"));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }

        Console.WriteLine($"# generated {journals:N0} journals in {generate.Elapsed.TotalSeconds:N0} s");
    }

    /// <summary>Reads at size: a ledger of <paramref name="journals"/> journals (bulk-posted), then the current and
    /// as-of trial balances, a register page, the integrity check and a full hledger export, with baselines.</summary>
    private static async Task ReadsAsync(string file, int journals)
    {
        var target = Sqlite(file);
        await GenerateAsync(target, journals);
        var store = target.Store;
        var entity = Providers[0];
        var current = await TimeAsync(20, () => TrialBalance.BuildAsync(store, Ledger, entity, null));
        Report($"Trial balance, current ({journals:N0} journals)", $"{current:N1} ms", "target ≤ 10 ms", 10 / current);
        var pastDate = new LocalDate(2026, 3, 15);
        var asOf = await TimeAsync(10, () => TrialBalance.BuildAsync(store, Ledger, entity, pastDate));
        var scan = await TimeAsync(3, async () =>
        {
            await using var connection = target.Connect();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // The lines name their (entity, account, unit) by a key into line_accounts (migration CompactLineAccounts).
            command.CommandText = "SELECT a.account, a.unit, SUM(CASE WHEN l.side = 1 THEN l.amount_minor ELSE 0 END), SUM(CASE WHEN l.side = 2 THEN l.amount_minor ELSE 0 END) " +
                "FROM journal_lines l JOIN line_accounts a ON a.id = l.account_key JOIN journals j ON j.ledger_id = l.ledger_id AND j.sequence = l.sequence " +
                "WHERE l.ledger_id = 'load' AND a.entity_id = 'elder-care' AND j.accounting_date <= '2026-03-15' GROUP BY a.account, a.unit";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }

            return 0;
        });
        Report($"Trial balance as of a past date ({journals:N0} journals)", $"{asOf:N1} ms", $"{scan:N1} ms index scan of the lines", scan / asOf);
        var register = await TimeAsync(5, () => AccountRegister.BuildAsync(store, Ledger, entity, AccountCode.Parse("1002.01"), new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 7)));
        Report($"Register page, one account, one week ({journals:N0} journals)", $"{register:N0} ms", "—", double.NaN);
        var verify = Stopwatch.StartNew();
        var integrity = await LedgerIntegrity.CheckAsync(store, Ledger);
        var rate = integrity.Chain.JournalsChecked / verify.Elapsed.TotalSeconds;
        Report($"Integrity verification ({journals:N0} journals)", $"{rate:N0} journals/s", "target ≥ 200,000 journals/s", rate / 200_000);
        // The export in a process of its own, so its peak memory is the export's alone (not this process's, which
        // generated and verified the ledger).
        SqliteConnection.ClearAllPools();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        info.ArgumentList.Add("--export-only");
        info.ArgumentList.Add(file);
        using var child = Process.Start(info)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var figures = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        Report($"hledger export ({journals:N0} journals), its own process", $"{figures[0]:N1} s, peak RSS {figures[1]:N0} MB (managed heap peak {figures[2]:N0} MB)",
            "target peak ≤ 200 MB", 200 / figures[1]);
    }

    /// <summary>The child process of the export figure: streams the whole ledger as hledger journal text to nowhere and
    /// prints the seconds, the peak resident set (MB, from /proc) and the largest managed heap seen (MB).</summary>
    private static async Task<int> ExportOnlyAsync(string file)
    {
        var store = BooksStore.Sqlite($"Data Source={file};Mode=ReadOnly");
        long heap = 0;
        using var sampler = new Timer(_ => heap = Math.Max(heap, GC.GetTotalMemory(false)), null, 0, 20);
        var stopwatch = Stopwatch.StartNew();
        await using (var writer = new StreamWriter(Stream.Null))
        {
            await PlainTextExports.WriteHledgerAsync(store, Ledger, writer);
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        var peakMegabytes = ServerUsage.MemoryMegabytes("self", "VmHWM:");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} {peakMegabytes:0} {heap / 1024.0 / 1024.0:0}"));
        return 0;
    }

    /// <summary>The median and the fastest of <paramref name="runs"/> timed runs after one untimed (on a shared machine the
    /// median is the honest figure, the fastest what the read costs when it has a core to itself).</summary>
    private static async Task<(double Median, double Fastest)> MedianAsync(int runs, Func<Task> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await action();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[0]);
    }

    private static async Task<double> TimeAsync<T>(int repeats, Func<Task<T>> action)
    {
        await action();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++)
        {
            await action();
        }

        return stopwatch.Elapsed.TotalMilliseconds / repeats;
    }
}
