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

        var ledger = Value("--verify-ledger") is { } name ? Ledger.LedgerId.From(name) : Program.Ledger;
        await MeasureAsync("SQLite", sqlite.Store, journals, ledger);
        if (Value("--verify-postgres") is { } admin)
        {
            await MeasureAsync("PostgreSQL", await PostgresAsync(admin, journals), journals, ledger);
        }

        return 0;
    }

    /// <summary>Verifies once untimed, then times the verification and the audit, and reports both.</summary>
    internal static async Task MeasureAsync(string name, EfLedgerStore store, int journals, Ledger.LedgerId? ledger = null)
    {
        var books = ledger ?? Program.Ledger;
        await store.MigrateAsync();
        var warm = await LedgerIntegrity.CheckAsync(store, books);
        if (!warm.Chain.IsIntact || warm.BalanceMismatches.Length > 0)
        {
            throw new InvalidOperationException($"The generated ledger does not verify: {warm.Chain.Problem}");
        }

        var (verifySeconds, verifyCpu, verifyAllocated, verifyPeak) = await TimeAsync(() => LedgerIntegrity.CheckAsync(store, books));
        var economy = new LedgerEconomyStore(store);
        AuditReport? report = null;
        var (auditSeconds, auditCpu, auditAllocated, auditPeak) = await TimeAsync(async () => report = await LedgerAudit.RunAsync(store, economy, books));
        var checkedJournals = report!.JournalsChecked;
        Program.Report($"{name}: integrity verification ({checkedJournals:N0} journals)",
            $"{checkedJournals / verifySeconds:N0} journals/s ({verifySeconds:N1} s; CPU {verifyCpu * 1e6 / checkedJournals:N1} µs a journal; allocated {verifyAllocated:N0} MB, heap peak +{verifyPeak:N0} MB)", "target ≥ 200,000 journals/s", checkedJournals / verifySeconds / 200_000);
        Program.Report($"{name}: audit ({checkedJournals:N0} journals, {report.Findings.Length} findings)",
            $"{checkedJournals / auditSeconds:N0} journals/s ({auditSeconds:N1} s; CPU {auditCpu * 1e6 / checkedJournals:N1} µs a journal; allocated {auditAllocated:N0} MB, heap peak +{auditPeak:N0} MB), {auditSeconds / verifySeconds:N2}× the verification", "target ≤ 2×", 2 / (auditSeconds / verifySeconds));
        if (checkedJournals != journals)
        {
            Console.WriteLine($"# note: the ledger holds {checkedJournals:N0} journals, not {journals:N0}");
        }
    }

    /// <summary>Runs a measured step: its wall and CPU seconds, the bytes it allocated and the largest managed heap seen
    /// (sampled every 20 ms after a full collection before the start, so the peak is what the step kept alive plus its
    /// garbage not yet collected).</summary>
    private static async Task<Measured> TimeAsync(Func<Task> run)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalMemory(false);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await run();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        await stop.CancelAsync();
        await sampler;
        return new Measured(seconds, used, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6, (peak - before) / 1e6);
    }

    /// <summary>A measured step: seconds, CPU seconds, megabytes allocated, and the managed heap's peak above its start in megabytes.</summary>
    private sealed record Measured(double Seconds, double Cpu, double AllocatedMb, double PeakHeapMb);

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
