using System.Diagnostics;
using System.Globalization;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Reports;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CommunityFund.LoadTool;

/// <summary>
/// Integrity verification and the audit at size (issue 20, target 3: verification ≥ 200,000 journals/s at 1,000,000
/// journals, the audit ≤ 2× the verification's time): <c>--verify N [--verify-cache FILE] [--verify-postgres CONNECTION]</c>.
/// The ledger of N journals is the reads' (<see cref="Program.GenerateAsync"/>: bulk-posted sales and their
/// distributions), kept in FILE (SQLite) when given, and on PostgreSQL in the database <c>cf_verify_N</c>, which is
/// kept for the next run. Each store: one verification untimed (to warm the file cache), then
/// <see cref="LedgerIntegrity.CheckAsync"/> and <see cref="LedgerAudit.RunAsync(CommunityFund.Storage.ILedgerStore, IEconomyStore, CommunityFund.Ledger.LedgerId, IEnumerable{CommunityFund.Posting.ChainCheckpoint}?, CancellationToken)"/>
/// timed, each with the CPU time this process spent (both cores: the page reads run ahead on the other one).
/// </summary>
internal static class VerifyScenario
{
    internal static async Task<int> RunAsync(string folder, string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var journals = int.Parse(Value("--verify") ?? "1000000", CultureInfo.InvariantCulture);
        var file = Value("--verify-cache") ?? Path.Combine(folder, "verify.db");
        Console.WriteLine($"# CommunityFund verification and audit {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {journals:N0} journals, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var connection = $"Data Source={file};Pooling=True";
        var sqlite = new Program.Target(BooksStore.Sqlite(connection), () => new SqliteConnection(connection), true);
        if (!File.Exists(file))
        {
            await Program.GenerateAsync(sqlite, journals);
        }

        await MeasureAsync("SQLite", sqlite.Store, journals);
        if (Value("--verify-postgres") is { } admin)
        {
            await MeasureAsync("PostgreSQL", await PostgresAsync(admin, journals), journals);
        }

        return 0;
    }

    /// <summary>Verifies once untimed, then times the verification and the audit, and reports both.</summary>
    internal static async Task MeasureAsync(string name, EfLedgerStore store, int journals)
    {
        await store.MigrateAsync();
        var warm = await LedgerIntegrity.CheckAsync(store, Program.Ledger);
        if (!warm.Chain.IsIntact || warm.BalanceMismatches.Length > 0)
        {
            throw new InvalidOperationException($"The generated ledger does not verify: {warm.Chain.Problem}");
        }

        var (verifySeconds, verifyCpu) = await TimeAsync(() => LedgerIntegrity.CheckAsync(store, Program.Ledger));
        var economy = new LedgerEconomyStore(store);
        AuditReport? report = null;
        var (auditSeconds, auditCpu) = await TimeAsync(async () => report = await LedgerAudit.RunAsync(store, economy, Program.Ledger));
        var checkedJournals = report!.JournalsChecked;
        Program.Report($"{name}: integrity verification ({checkedJournals:N0} journals)",
            $"{checkedJournals / verifySeconds:N0} journals/s ({verifySeconds:N1} s; CPU {verifyCpu * 1e6 / checkedJournals:N1} µs a journal)", "target ≥ 200,000 journals/s", checkedJournals / verifySeconds / 200_000);
        Program.Report($"{name}: audit ({checkedJournals:N0} journals, {report.Findings.Length} findings)",
            $"{checkedJournals / auditSeconds:N0} journals/s ({auditSeconds:N1} s; CPU {auditCpu * 1e6 / checkedJournals:N1} µs a journal), {auditSeconds / verifySeconds:N2}× the verification", "target ≤ 2×", 2 / (auditSeconds / verifySeconds));
        if (checkedJournals != journals)
        {
            Console.WriteLine($"# note: the ledger holds {checkedJournals:N0} journals, not {journals:N0}");
        }
    }

    private static async Task<(double Seconds, double Cpu)> TimeAsync(Func<Task> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await run();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        return (seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>The PostgreSQL store of the database <c>cf_verify_N</c>, generated when it does not exist yet.</summary>
    private static async Task<EfLedgerStore> PostgresAsync(string admin, int journals)
    {
        var database = $"cf_verify_{journals}";
        bool exists;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var probe = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{database}'", connection);
            exists = await probe.ExecuteScalarAsync() is not null;
            if (!exists)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;
        var target = new Program.Target(BooksStore.Postgres(cs), () => new NpgsqlConnection(cs), false);
        if (!exists)
        {
            await Program.GenerateAsync(target, journals);
        }

        return target.Store;
    }
}
