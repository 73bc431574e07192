using System.Diagnostics;

namespace CommunityFund.LoadTool;

/// <summary>
/// The quick run (<c>--quick</c>, about three minutes on the project's 2-core machine): issue 20's HTTP,
/// bytes-per-sale and verification (with the audit) rows at a smaller size than the full runs — HTTP sales on SQLite for 10 s against
/// the bare endpoint, the bytes per sale after 10,000 sales on SQLite, and integrity verification of a ledger of
/// 200,000 journals. A check that a change did not lose ground, not the figures of record (those are in
/// docs/performance.md, from the full-size commands).
/// </summary>
internal static class QuickScenario
{
    private const int HttpSeconds = 10;
    private const int Clients = 32;
    private const int Sales = 10_000;
    private const int Journals = 200_000;

    internal static async Task<int> RunAsync(string folder)
    {
        var started = Stopwatch.StartNew();
        Console.WriteLine($"# CommunityFund quick run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"# {MachineSpeed.Describe()}");
        var (figure, baseline, ratio) = await HttpScenario.RunAsync(folder, Clients, LoadWindow.Of(HttpSeconds));
        Program.Report($"HTTP: POST sales, {Clients} clients, {HttpSeconds} s (SQLite) — target ≥ 3,000 sales/s, p99 ≤ 50 ms", figure, baseline, ratio);

        var bytes = await StorageScenario.SqliteBytesPerSaleAsync(folder, Sales);
        Program.Report($"Bytes per sale, SQLite, {Sales:N0} sales (database + WAL after a checkpoint)", $"{bytes:N0} bytes", "target ≤ 2,000 bytes (at 100,000 sales)", 2_000 / bytes);

        var target = Program.Sqlite(Path.Combine(folder, "quick-verify.db"));
        await Program.GenerateAsync(target, Journals);
        await VerifyScenario.MeasureAsync($"SQLite, {Journals:N0} journals (target at 1,000,000)", target.Store, Journals);

        Program.PrintResults();
        Console.WriteLine($"# quick run took {started.Elapsed.TotalSeconds:N0} s");
        return 0;
    }
}
