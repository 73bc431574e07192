using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using Npgsql;

namespace CommunityFund.LoadTool;

/// <summary>
/// Many ledgers on PostgreSQL, through Core and the durable store (the API's own write path without HTTP: the economy's
/// sale command, the engine's per-ledger lock and group commit, the store's append).
/// <c>--parallel-ledgers CONNECTION [--parallel-seconds N]</c>: sales posted by 32 writers on 32 ledgers at once, side by
/// side with one ledger (one writer, and 32 writers sharing it) — the rates and their ratio (target ≥ 3× one ledger).
/// <c>--city LEDGERS SALES --city-postgres CONNECTION [--city-postgres CONNECTION] [--city-clients N]</c>: a simulated
/// city — LEDGERS ledgers opened (timed) over the servers given (several: a <see cref="ShardedLedgerStore"/>, each ledger
/// placed on the shard with the fewest), then SALES sales each posted by N concurrent writers, each on its own ledger at a
/// time: throughput, p50/p99 per sale, bytes per sale (the databases' growth during the sales).
/// </summary>
internal static class CityScenario
{
    internal static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        Console.WriteLine($"# CommunityFund many-ledgers run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        try
        {
            if (Value("--parallel-ledgers") is { } parallel)
            {
                await ParallelLedgersAsync(parallel, int.TryParse(Value("--parallel-seconds"), CultureInfo.InvariantCulture, out var s) ? s : 10);
            }

            if (args.SkipWhile(a => a != "--city").Skip(1).Take(2).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() is [var ledgers, var sales])
            {
                var servers = args.Select((a, i) => (a, i)).Where(x => x.a == "--city-postgres" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
                if (servers.Count == 0)
                {
                    throw new ArgumentException("--city needs --city-postgres CONNECTION (once per server).");
                }

                await CityAsync(servers, ledgers, sales, int.TryParse(Value("--city-clients"), CultureInfo.InvariantCulture, out var c) ? c : 32);
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
        }

        return 0;
    }

    /// <summary>32 writers on 32 ledgers against one ledger (one writer; 32 writers), each for the same duration.</summary>
    private static async Task ParallelLedgersAsync(string admin, int seconds)
    {
        var target = await Program.Postgres(admin, "parallel");
        await target.Store.MigrateAsync();
        var ledgers = Enumerable.Range(0, 32).Select(i => LedgerId.From($"l{i:00}")).ToArray();
        var (economy, _) = Economy(target.Store);
        foreach (var ledger in ledgers)
        {
            await Program.CreateLedgerAsync(target.Store, ledger);
            await Program.SeedEconomyAsync(economy, ledger);
        }

        var duration = TimeSpan.FromSeconds(seconds);
        var one = await PostAsync(economy, [ledgers[0]], 1, duration, "one");
        var oneShared = await PostAsync(economy, [ledgers[0]], 32, duration, "shared");
        var many = await PostAsync(economy, ledgers, 32, duration, "many");
        Line($"PostgreSQL: 1 ledger, 1 writer ({seconds} s)", one);
        Line($"PostgreSQL: 1 ledger, 32 writers ({seconds} s)", oneShared);
        Line($"PostgreSQL: 32 ledgers, 1 writer each ({seconds} s)", many);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio 32 ledgers / 1 ledger (1 writer): {many.Rate / one.Rate:0.00} (target ≥ 3); 32 ledgers / 1 ledger (32 writers): {many.Rate / oneShared.Rate:0.00}"));
    }

    /// <summary>Writers posting sales for a duration; writer <c>w</c> posts to <c>ledgers[w % count]</c>.</summary>
    private static Task<HttpScenario.Measured> PostAsync(CommunityEconomy economy, LedgerId[] ledgers, int writers, TimeSpan duration, string run)
    {
        var sequence = 0;
        var next = 0;
        return HttpScenario.LoadAsync(writers, new LoadWindow(duration / 2, duration), async () =>
        {
            var n = Interlocked.Increment(ref sequence);
            var ledger = ledgers[Interlocked.Increment(ref next) % ledgers.Length];
            var result = await economy.RecordSaleAsync(ledger, Program.RandomSale(new Random(n), n), $"{run}-{n}");
            return result.Succeeded;
        });
    }

    private static async Task CityAsync(IReadOnlyList<string> admins, int ledgerCount, int salesPerLedger, int clients)
    {
        var connections = new List<string>();
        for (var i = 0; i < admins.Count; i++)
        {
            _ = await Program.Postgres(admins[i], $"city_{i}");
            connections.Add(new NpgsqlConnectionStringBuilder(admins[i]) { Database = "cf_load_city_" + i, Pooling = true }.ConnectionString);
        }

        ILedgerStore store;
        if (connections.Count == 1)
        {
            var single = BooksStore.Postgres(connections[0]);
            await single.MigrateAsync();
            store = single;
        }
        else
        {
            var sharded = BooksStore.PostgresShards(connections.Select((c, i) => ($"s{i}", c)), [], SystemClock.Instance);
            await sharded.MigrateAsync();
            await sharded.StartAsync();
            store = sharded;
        }

        var (economy, _) = Economy(store);
        var ledgers = Enumerable.Range(0, ledgerCount).Select(i => LedgerId.From($"c{i:0000}")).ToArray();
        var created = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ledgers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ledger, _) =>
        {
            await Program.CreateLedgerAsync(store, ledger);
            await Program.SeedEconomyAsync(economy, ledger);
        });
        var creation = created.Elapsed.TotalSeconds;
        var sizeBefore = await SizeAsync(connections);
        var (elapsed, latencies, errors) = await SellAsync(economy, ledgers, salesPerLedger, clients);
        var sizeAfter = await SizeAsync(connections);
        var total = (long)ledgerCount * salesPerLedger;
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| city: {ledgerCount:N0} ledgers × {salesPerLedger:N0} sales on {connections.Count} server(s), {clients} writers | {total / elapsed:N0} sales/s, p50 {Percentile(0.5):N1} ms, p99 {Percentile(0.99):N1} ms, {errors} errors | " +
            $"{(sizeAfter - sizeBefore) / (double)total:N0} bytes/sale | ledgers opened in {creation:N1} s ({ledgerCount / creation:N0}/s) |"));
        for (var i = 0; i < connections.Count; i++)
        {
            await using var open = new NpgsqlConnection(connections[i]);
            await open.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM ledgers", open);
            Console.WriteLine($"  server {i}: {await count.ExecuteScalarAsync()} ledgers");
        }
    }

    /// <summary>Every ledger's sales, <paramref name="clients"/> writers each taking the next ledger and posting all its sales.</summary>
    private static async Task<(double Seconds, ConcurrentBag<double> Latencies, long Errors)> SellAsync(CommunityEconomy economy, LedgerId[] ledgers, int sales, int clients)
    {
        var latencies = new ConcurrentBag<double>();
        long errors = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ledgers, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (ledger, _) =>
        {
            var random = new Random(ledger.GetHashCode());
            for (var i = 0; i < sales; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await economy.RecordSaleAsync(ledger, Program.RandomSale(random, i), $"city-{i}");
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!result.Succeeded)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });
        return (clock.Elapsed.TotalSeconds, latencies, errors);
    }

    private static async Task<long> SizeAsync(IEnumerable<string> connections)
    {
        long total = 0;
        foreach (var connection in connections)
        {
            await using var open = new NpgsqlConnection(connection);
            await open.OpenAsync();
            await using (var checkpoint = new NpgsqlCommand("CHECKPOINT", open))
            {
                await checkpoint.ExecuteNonQueryAsync();
            }

            await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", open);
            total += (long)(await size.ExecuteScalarAsync())!;
        }

        return total;
    }

    private static (CommunityEconomy Economy, PostingEngine Engine) Economy(ILedgerStore store)
    {
        var engine = new PostingEngine(store, SystemClock.Instance);
        return (new CommunityEconomy(store, engine, SystemClock.Instance), engine);
    }

    private static void Line(string scenario, HttpScenario.Measured measured) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {measured.Rate:N0} sales/s, p50 {measured.P50:N1} ms, p99 {measured.P99:N1} ms, {measured.Errors} errors |"));
}
