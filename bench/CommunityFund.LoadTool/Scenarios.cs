using System.Collections.Immutable;

namespace CommunityFund.LoadTool;

/// <summary>One mode of the load tool: the option that selects it, the arguments it takes, what it measures and how it runs.</summary>
/// <param name="Option">The option that selects the mode (empty for the full run, the default).</param>
/// <param name="Arguments">The arguments after the option, as the usage prints them.</param>
/// <param name="Measures">What the mode measures, in a line.</param>
/// <param name="RunAsync">Runs the mode with the parsed options in a scratch folder the caller deletes; returns the exit code.</param>
internal sealed record Scenario(string Option, string Arguments, string Measures, Func<Options, string[], string, Task<int>> RunAsync);

/// <summary>The load tool's modes: the first whose option is on the command line runs, else the full run.</summary>
internal static class Scenarios
{
    /// <summary>The full run: durable and bulk posting on SQLite (and PostgreSQL when named), HTTP, reads at size.</summary>
    internal static readonly Scenario Full = new(
        "", "[--sales N] [--warm-up-sales N] [--bulk-sales N] [--journals N] [--clients N] [--http-seconds N] [--http-warm-up N] [--postgres CONNECTION]",
        "posting (one per commit, bulk) against raw ADO.NET, HTTP against bare Kestrel, reads and verification at size",
        (options, _, folder) => Program.FullRunAsync(options, folder));

    /// <summary>Every other mode, by option.</summary>
    internal static readonly ImmutableArray<Scenario> Modes =
    [
        new("--quick", "", "issue 20's HTTP, bytes-per-sale and verification rows in about three minutes",
            (_, _, folder) => QuickScenario.RunAsync(folder)),
        new("--http-only", "[--clients N] [--http-seconds N] [--http-warm-up N] [--postgres CONNECTION] [--http-no-sqlite] [--http-bare] [--http-wrk]", "HTTP sales through the real API against the bare endpoint, on SQLite or PostgreSQL, with the API's CPU per sale and where the machine's went; wrk as the clients with --http-wrk",
            (options, args, folder) => HttpScenario.RunOnlyAsync(folder, args, options.Clients, LoadWindow.Of(options.HttpSeconds, options.HttpWarmUpSeconds), options.Postgres)),
        new("--bytes-per-sale", "N [--postgres CONNECTION]", "the database's bytes per sale after N sales, table by table",
            (options, _, folder) => StorageScenario.RunAsync(folder, options.BytesPerSale, options.Postgres)),
        new("--reads", "N [--reads-cache FILE] [--postgres CONNECTION]", "trial balance, month statement and register pages on a ledger of N journals (on PostgreSQL the cache is a database's name, kept)",
            (options, _, folder) => Program.ReadTargetsAsync(folder, options.Reads, options.ReadsCache, options.Postgres)),
        new("--verify", "N [--verify-cache FILE] [--verify-postgres CONNECTION] [--verify-ledger ID]", "integrity verification and the audit of a ledger of N journals (or of ledger ID in an existing FILE, e.g. a soak's books), with CPU, bytes allocated and peak heap",
            (_, args, folder) => VerifyScenario.RunAsync(folder, args)),
        new("--parallel-ledgers", "CONNECTION [--parallel-seconds N]", "32 ledgers posting at once against one ledger, on PostgreSQL",
            (_, args, _) => CityScenario.RunAsync(args)),
        new("--city", "LEDGERS SALES --city-postgres CONNECTION [--city-postgres CONNECTION] [--city-clients N]",
            "a simulated city over one or more PostgreSQL servers", (_, args, _) => CityScenario.RunAsync(args)),
        new("--import", "N", "the bulk import of N past sales through the API",
            (options, _, folder) => Program.ImportOnlyAsync(folder, options.Import)),
        new("--reconcile", "N [--reconcile-cache FILE]", "a WeChat Pay bill of N rows read, imported and matched against N sales",
            (options, _, folder) => Program.ReconcileOnlyAsync(folder, options.Reconcile, options.ReconcileCache)),
        new("--soak", "MINUTES [--soak-postgres CONNECTION] [--soak-keep PREFIX]", "mixed load on the API for MINUTES, sampled each minute, with a verdict on trends (SQLite's books kept as PREFIX.db)",
            (options, _, folder) => SoakScenario.RunAsync(folder, options.SoakMinutes, options.SoakPostgres, options.SoakKeep)),
        new("--public-page", "N", "the public page on the demo ledger with N journals after its publication",
            (options, _, folder) => PublicPageScenario.RunAsync(folder, options.PublicPage, 500)),
    ];

    /// <summary>The mode the command line selects.</summary>
    internal static Scenario Select(string[] args) => Modes.FirstOrDefault(mode => args.Contains(mode.Option)) ?? Full;

    /// <summary>Prints the modes and their arguments.</summary>
    internal static void PrintUsage()
    {
        Console.WriteLine("usage: dotnet run -c Release --project bench/CommunityFund.LoadTool -- [MODE] [ARGUMENTS]");
        Console.WriteLine();
        Console.WriteLine($"  (no mode) {Full.Arguments}");
        Console.WriteLine($"      {Full.Measures}");
        foreach (var mode in Modes)
        {
            Console.WriteLine($"  {mode.Option} {mode.Arguments}".TrimEnd());
            Console.WriteLine($"      {mode.Measures}");
        }
    }
}
