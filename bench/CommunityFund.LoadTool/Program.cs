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
internal static class Program
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
        Console.WriteLine($"# sales {options.Sales}, bulk sales {options.BulkSales}, read journals {options.Journals}, PostgreSQL {(options.Postgres is null ? "no" : "yes")}");
        await DurablePostingAsync("SQLite", name => Task.FromResult(Sqlite(Path.Combine(folder, name))), options.Sales, batch: 1);
        await DurablePostingAsync("SQLite bulk", name => Task.FromResult(Sqlite(Path.Combine(folder, name))), options.BulkSales, batch: 1_000);
        if (options.Postgres is { } pg)
        {
            await DurablePostingAsync("PostgreSQL", name => Postgres(pg, name), options.Sales, batch: 1);
            await DurablePostingAsync("PostgreSQL bulk", name => Postgres(pg, name), options.BulkSales, batch: 1_000);
        }

        if (options.HttpSeconds > 0)
        {
            var (figure, baseline, ratio) = await HttpScenario.RunAsync(folder, options.Clients, TimeSpan.FromSeconds(options.HttpSeconds));
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

    /// <summary>
    /// Durable posting: sales with their distribution through Core and the store, <paramref name="batch"/> sales per
    /// commit; then raw ADO.NET re-inserting the very rows the store wrote (journals, lines, idempotency records,
    /// balance and daily-balance upserts, documents) into a fresh database of the same schema, one commit per batch.
    /// </summary>
    private static async Task DurablePostingAsync(string name, Func<string, Task<Target>> open, int sales, int batch)
    {
        var suffix = batch == 1 ? "one" : "bulk";
        var target = await open($"{suffix}-store.db");
        await target.Store.MigrateAsync();
        await CreateLedgerAsync(target.Store);
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 1, 0, 0));
        var engine = new PostingEngine(target.Store, clock);
        var economy = new CommunityEconomy(target.Store, engine, clock);
        await SeedEconomyAsync(economy);
        var random = new Random(42);
        // A warm-up (JIT, caches, the pools) before the clock starts, on both sides: the first commits are posted and
        // replayed untimed.
        var warmUp = batch == 1 ? Math.Min(200, sales / 5) : 0;
        for (var i = -warmUp; i < 0; i++)
        {
            var result = await economy.RecordSaleAsync(Ledger, RandomSale(random, i + sales), $"warm-up-{i}");
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }

        var stopwatch = Stopwatch.StartNew();
        if (batch == 1)
        {
            for (var i = 0; i < sales; i++)
            {
                var result = await economy.RecordSaleAsync(Ledger, RandomSale(random, i), $"sale-{i}");
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException(string.Join("; ", result.Errors));
                }
            }
        }
        else
        {
            for (var start = 0; start < sales; start += batch)
            {
                var drafts = Enumerable.Range(start, Math.Min(batch, sales - start)).SelectMany(i => SaleDrafts(random, i)).ToImmutableArray();
                var result = await engine.PostBatchAsync(new PostingBatch(Ledger, drafts, $"bulk-{start}"));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException(string.Join("; ", result.Errors));
                }
            }
        }

        var storeSeconds = stopwatch.Elapsed.TotalSeconds;
        var commits = await CommitsAsync(target);
        var raw = await open($"{suffix}-raw.db");
        await raw.Store.MigrateAsync();
        await CreateLedgerAsync(raw.Store);
        var rawSeconds = await ReplayRawAsync(target, raw, commits, warmUp);
        var storeRate = sales / storeSeconds;
        var rawRate = sales / rawSeconds;
        Report($"{name}: sales posted, {(batch == 1 ? "one per commit" : $"{batch} per commit")} ({sales:N0})",
            $"{storeRate:N0} sales/s", $"{rawRate:N0} sales/s raw", storeRate / rawRate);
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

    /// <summary>The store's commits: the first sequence and journal count of each (from the idempotency records).</summary>
    private static async Task<List<(long First, int Count)>> CommitsAsync(Target target)
    {
        await using var connection = target.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT first_sequence, journal_count FROM idempotency_keys WHERE ledger_id = 'load' ORDER BY first_sequence";
        var commits = new List<(long, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            commits.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }

        return commits;
    }

    /// <summary>Re-inserts the rows the store wrote, one raw commit per store commit, and times it.</summary>
    private static async Task<double> ReplayRawAsync(Target source, Target raw, List<(long First, int Count)> commits, int untimed)
    {
        var journals = await ReadAllAsync(source, "SELECT * FROM journals WHERE ledger_id = 'load' ORDER BY sequence");
        var lines = (await ReadAllAsync(source, "SELECT * FROM journal_lines WHERE ledger_id = 'load' ORDER BY sequence, line_number"))
            .GroupBy(r => Convert.ToInt64(r["sequence"], CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.ToList());
        var keys = (await ReadAllAsync(source, "SELECT * FROM idempotency_keys WHERE ledger_id = 'load' ORDER BY first_sequence")).ToList();
        var documents = await ReadAllAsync(source, "SELECT * FROM documents WHERE ledger_id = 'load' AND kind IN ('sale', 'sale-journal', 'carry')");
        var bySequence = journals.ToDictionary(r => Convert.ToInt64(r["sequence"], CultureInfo.InvariantCulture));
        await using var connection = raw.Connect();
        await connection.OpenAsync();
        if (raw.IsSqlite)
        {
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        }

        // The lines refer to their set of dimensions: the sets the store wrote go in first, untimed (after the first
        // sales a store writes none, so the timed part writes the same rows on both sides).
        foreach (var set in await ReadAllAsync(source, "SELECT * FROM dimension_sets"))
        {
            await Run(Insert(connection, "dimension_sets", set.Keys), [.. set.Values]);
        }

        var journalInsert = Insert(connection, "journals", journals[0].Keys);
        var lineInsert = Insert(connection, "journal_lines", lines.First().Value[0].Keys);
        var keyInsert = Insert(connection, "idempotency_keys", keys[0].Keys);
        var documentInsert = documents.Count == 0 ? connection.CreateCommand() : Insert(connection, "documents", documents[0].Keys, " ON CONFLICT (ledger_id, kind, key) DO UPDATE SET json = excluded.json");
        var balance = Upsert(connection,
            "INSERT INTO balances (ledger_id, entity_id, account, unit, debit, credit) VALUES (@p0, @p1, @p2, @p3, @p4, @p5) " +
            "ON CONFLICT (ledger_id, entity_id, account, unit) DO UPDATE SET debit = balances.debit + excluded.debit, credit = balances.credit + excluded.credit", 6);
        var daily = Upsert(connection,
            "INSERT INTO daily_balances (ledger_id, entity_id, account, unit, date, debit, credit) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6) " +
            "ON CONFLICT (ledger_id, entity_id, account, unit, date) DO UPDATE SET debit = daily_balances.debit + excluded.debit, credit = daily_balances.credit + excluded.credit", 7);
        var head = connection.CreateCommand();
        head.CommandText = "UPDATE ledgers SET head_sequence = @p0, head_hash = @p1 WHERE id = 'load' AND head_sequence = @p2";
        AddParameters(head, 3);
        var documentsPerCommit = (double)documents.Count / commits.Count;
        // SQLite runs each prepared statement in process; PostgreSQL gets a batch per commit (as the store sends
        // multi-row statements), so neither baseline pays a round trip per row.
        var batch = raw.IsSqlite ? null : new List<NpgsqlBatchCommand>();
        Task step(DbCommand command, params object[] values)
        {
            if (batch is null)
            {
                return Run(command, values);
            }

            var positional = new NpgsqlBatchCommand(Positional(command.CommandText));
            foreach (var value in values)
            {
                positional.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.Add(positional);
            return Task.CompletedTask;
        }

        var documentIndex = 0;
        var stopwatch = Stopwatch.StartNew();
        long previous = 0;
        var c = 0;
        foreach (var (first, count) in commits)
        {
            if (c == untimed)
            {
                stopwatch.Restart();
            }

            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var command in new[] { journalInsert, lineInsert, keyInsert, documentInsert, balance, daily, head })
            {
                command.Transaction = transaction;
            }

            {
                var last = bySequence[first + count - 1];
                await step(head, last["sequence"], last["hash"], previous);
                previous = first + count - 1;
                foreach (var sequence in Enumerable.Range(0, count).Select(k => first + k))
                {
                    var journal = bySequence[sequence];
                    await step(journalInsert, [.. journal.Values]);
                    foreach (var line in lines[sequence])
                    {
                        await step(lineInsert, [.. line.Values]);
                        var debit = Convert.ToInt32(line["side"], CultureInfo.InvariantCulture) == (int)Side.Debit ? line["amount_minor"] : 0L;
                        var credit = Convert.ToInt32(line["side"], CultureInfo.InvariantCulture) == (int)Side.Credit ? line["amount_minor"] : 0L;
                        await step(balance, "load", line["entity_id"], line["account"], line["unit"], debit, credit);
                        await step(daily, "load", line["entity_id"], line["account"], line["unit"], journal["accounting_date"], debit, credit);
                    }
                }

                await step(keyInsert, [.. keys[c++].Values]);
                var target = (int)Math.Round(c * documentsPerCommit);
                for (; documentIndex < target && documentIndex < documents.Count; documentIndex++)
                {
                    await step(documentInsert, [.. documents[documentIndex].Values]);
                }
            }

            if (batch is { Count: > 0 })
            {
                // PostgreSQL: every statement of the commit in one round trip.
                await using var round = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
                foreach (var command in batch)
                {
                    round.BatchCommands.Add(command);
                }

                await round.ExecuteNonQueryAsync();
                batch.Clear();
            }

            await transaction.CommitAsync();
        }

        return stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<List<Dictionary<string, object>>> ReadAllAsync(Target target, string sql)
    {
        await using var connection = target.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static DbCommand Insert(DbConnection connection, string table, IEnumerable<string> columns, string suffix = "")
    {
        var names = columns.ToList();
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))}){suffix}";
        AddParameters(command, names.Count);
        return command;
    }

    private static DbCommand Upsert(DbConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameters(command, parameters);
        return command;
    }

    private static void AddParameters(DbCommand command, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }
    }

    private static string Positional(string sql) =>
        System.Text.RegularExpressions.Regex.Replace(sql, "@p([0-9]+)", m => "$" + (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));

    private static async Task Run(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The read targets of issue 20 (<c>--reads N [--reads-cache FILE]</c>): on a ledger of N journals (generated, or
    /// reused from the cache file), the current trial balance, an entity's statement of activities for a month, and an
    /// account's register for a week, each timed as the mean of several runs after one untimed.</summary>
    internal static async Task<int> ReadTargetsAsync(string folder, int journals, string? cache)
    {
        Console.WriteLine($"# CommunityFund read targets {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {journals:N0} journals, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var file = cache ?? Path.Combine(folder, "reads.db");
        var target = Sqlite(file);
        if (!File.Exists(file))
        {
            await GenerateAsync(target, journals);
        }
        else
        {
            await target.Store.MigrateAsync();
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
            command.CommandText = "SELECT l.account, l.unit, SUM(CASE WHEN l.side = 1 THEN l.amount_minor ELSE 0 END), SUM(CASE WHEN l.side = 2 THEN l.amount_minor ELSE 0 END) " +
                "FROM journal_lines l JOIN journals j ON j.ledger_id = l.ledger_id AND j.sequence = l.sequence " +
                "WHERE l.ledger_id = 'load' AND l.entity_id = 'elder-care' AND j.accounting_date <= '2026-03-15' GROUP BY l.account, l.unit";
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
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var peakMegabytes = double.Parse(peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
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
