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

/// <summary>
/// The end-to-end load tool: realistic sales with their 70/25/5 distributions posted through Core, the durable stores
/// and the API, each figure measured side by side with its baseline in the same run — raw ADO.NET inserting exactly the
/// rows the store wrote, with the same settings, or a bare Kestrel endpoint. Its modes are in <see cref="Scenarios"/>
/// (<c>dotnet run -c Release --project bench/CommunityFund.LoadTool -- --help</c> lists them); without a mode it runs
/// the full run.
/// </summary>
internal static partial class Program
{
    internal static readonly LedgerId Ledger = LedgerId.From("load");
    internal static readonly EntityId[] Providers = [EntityId.From("elder-care"), EntityId.From("youth-club"), EntityId.From("cafe")];
    private static readonly EntityId Hub = EntityId.From("hub");
    private static readonly EntityId Fund = EntityId.From("fund");
    private static readonly List<string> Results = [];

    private static async Task<int> Main(string[] args)
    {
        if (args is ["--export-only", var exportFile])
        {
            return await ExportOnlyAsync(exportFile);
        }

        if (args is ["--help"] or ["-h"])
        {
            Scenarios.PrintUsage();
            return 0;
        }

        var folder = Directory.CreateTempSubdirectory("cf-load-").FullName;
        try
        {
            return await Scenarios.Select(args).RunAsync(Options.Parse(args), args, folder);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The full run (no mode): posting, HTTP and reads at size, each beside its baseline.</summary>
    internal static async Task<int> FullRunAsync(Options options, string folder)
    {
        Console.WriteLine($"# CommunityFund load run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"# sales {options.Sales} (after {options.WarmUpSales} untimed), bulk sales {options.BulkSales}, read journals {options.Journals}, PostgreSQL {(options.Postgres is null ? "no" : "yes")}");
        Console.WriteLine($"# {MachineSpeed.Describe()}");
        await DurablePostingAsync("SQLite", name => Task.FromResult(Sqlite(Path.Combine(folder, name))), options.Sales, batch: 1, options.WarmUpSales);
        await DurablePostingAsync("SQLite bulk", name => Task.FromResult(Sqlite(Path.Combine(folder, name))), options.BulkSales, batch: 1_000, warmUp: 0);
        if (options.Postgres is { } pg)
        {
            await DurablePostingAsync("PostgreSQL", name => Postgres(pg, name), options.Sales, batch: 1, options.WarmUpSales);
            await DurablePostingAsync("PostgreSQL bulk", name => Postgres(pg, name), options.BulkSales, batch: 1_000, warmUp: 0);
        }

        if (options.HttpSeconds > 0)
        {
            var (figure, baseline, ratio) = await HttpScenario.RunAsync(folder, options.Clients, LoadWindow.Of(options.HttpSeconds, options.HttpWarmUpSeconds));
            Report($"HTTP: POST sales, {options.Clients} clients, {options.HttpSeconds} s (SQLite)", figure, baseline, ratio);
        }

        await ReadsAsync(Path.Combine(folder, "reads.db"), options.Journals);
        PrintResults();
        return 0;
    }

    /// <summary>Prints the figures reported so far as one Markdown table.</summary>
    internal static void PrintResults()
    {
        Console.WriteLine();
        Console.WriteLine("| scenario | figure | baseline | ratio |");
        Console.WriteLine("|---|--:|--:|--:|");
        foreach (var line in Results)
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>The import mode (<c>--import N</c>): only the bulk import of N sales through the API.</summary>
    internal static async Task<int> ImportOnlyAsync(string folder, int rows)
    {
        Console.WriteLine($"# CommunityFund import run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        foreach (var (scenario, figure) in await ImportScenario.RunAsync(folder, rows))
        {
            Report(scenario, figure, "—", double.NaN);
        }

        return 0;
    }

    /// <summary>The reconciliation mode (<c>--reconcile N</c>): N sales, their WeChat Pay bill read, imported and matched.</summary>
    internal static async Task<int> ReconcileOnlyAsync(string folder, int sales, string? cache)
    {
        Console.WriteLine($"# CommunityFund reconciliation run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        foreach (var (scenario, figure) in await ReconcileScenario.RunAsync(folder, sales, cache))
        {
            Report(scenario, figure, "—", double.NaN);
        }

        return 0;
    }

    /// <summary>A store, and how to open raw connections to its database.</summary>
    internal sealed record Target(EfLedgerStore Store, Func<DbConnection> Connect, bool IsSqlite);

    internal static Target Sqlite(string file)
    {
        var connection = $"Data Source={file};Pooling=True";
        return new Target(BooksStore.Sqlite(connection), () => new SqliteConnection(connection), true);
    }

    internal static async Task<Target> Postgres(string admin, string name)
    {
        var database = "cf_load_" + name.Replace('.', '_').Replace('-', '_');
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE); ", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = true }.ConnectionString;
        return new Target(BooksStore.Postgres(cs), () => new NpgsqlConnection(cs), false);
    }

    internal static async Task CreateLedgerAsync(ILedgerStore store, LedgerId? ledger = null)
    {
        var definition = new LedgerDefinition(ledger ?? Ledger, "Load", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Hub, "Hub", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Fund, "Fund", EntityKind.CommunityFund, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Providers[0], "Elder care", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Providers[1], "Youth club", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Providers[2], "Cafe", EntityKind.Provider, AccountingProfile.SmeCn));
        await store.CreateLedgerAsync(definition);
    }

    internal static async Task SeedEconomyAsync(CommunityEconomy economy, LedgerId? ledger = null)
    {
        await Check(economy.AddPolicyAsync(ledger ?? Ledger, DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 1, 1))));
        for (var p = 0; p < Providers.Length; p++)
        {
            var tiers = ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice>
            {
                [PricingTier.PublicWelfare] = new(Money.Zero(Currency.CNY)),
                [PricingTier.LowCost] = new(Cny(30m), Cny(50m)),
                [PricingTier.Paid] = new(Cny(100m + p)),
            });
            await Check(economy.PublishPackageAsync(ledger ?? Ledger, new ServicePackage($"package-{p}", Providers[p], 1, "服务包", "Package", 4, Money.Zero(Currency.HOUR), tiers, new LocalDate(2026, 1, 1)) { SessionsDeliveredAtSale = true }));
        }
    }

    internal static SaleRequest RandomSale(Random random, int i)
    {
        var p = random.Next(Providers.Length);
        var lowCost = random.Next(4) == 0;
        return new SaleRequest(Providers[p], $"package-{p}", lowCost ? PricingTier.LowCost : PricingTier.Paid, random.Next(1, 4), lowCost ? Cny(30m) : Cny(100m + p),
            (PaymentChannel)random.Next(1, 5), new LocalDate(2026, 1 + (i % 5), 1 + (i % 28)), $"r-{i % 5000}");
    }

    /// <summary>A sale and its distribution as journals, as the economy posts them (for the bulk path).</summary>
    private static IEnumerable<JournalDraft> SaleDrafts(Random random, int i)
    {
        var p = random.Next(Providers.Length);
        var provider = Providers[p];
        var npo = p < 2;
        var amount = Money.FromMinorUnits(random.Next(1_000, 100_000), Currency.CNY);
        var date = new LocalDate(2026, 1 + (i % 5), 1 + (i % 28));
        var parts = amount.Allocate([7000, 2500, 500]);
        yield return new JournalDraft(date, JournalKind.Sale, $"sale {i}",
            [LineDraft.Debit(provider, "1002.01", amount), LineDraft.Credit(provider, npo ? "4301.01" : "5001.03", amount)]);
        yield return new JournalDraft(date, JournalKind.Distribution, $"distribution {i}",
        [
            LineDraft.Debit(provider, npo ? "5101.03" : "5401.01", parts[1]).With(DimensionNames.Counterparty, "hub"),
            LineDraft.Credit(provider, npo ? "2209.01" : "2241.02", parts[1]).With(DimensionNames.Counterparty, "hub"),
            LineDraft.Debit(provider, npo ? "5101.04" : "5711.01", parts[2]).With(DimensionNames.Counterparty, "fund"),
            LineDraft.Credit(provider, npo ? "2209.02" : "2241.01", parts[2]).With(DimensionNames.Counterparty, "fund"),
            LineDraft.Debit(Hub, "1122.01", parts[1]).With(DimensionNames.Counterparty, provider.Value),
            LineDraft.Credit(Hub, "5001.01", parts[1]).With(DimensionNames.Counterparty, provider.Value),
        ]);
    }

    internal static void Report(string scenario, string figure, string baseline, double ratio)
    {
        var line = $"| {scenario} | {figure} | {baseline} | {(double.IsNaN(ratio) ? "—" : ratio.ToString("0.00", CultureInfo.InvariantCulture))} |";
        Results.Add(line);
        Console.WriteLine(line);
    }

    private static async Task Check<T>(Task<CommandResult<T>> command)
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
