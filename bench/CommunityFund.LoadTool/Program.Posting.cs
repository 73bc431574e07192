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

/// <summary>The posting figures of the full run: the store beside raw ADO.NET writing the same rows.</summary>
internal static partial class Program
{
    /// <summary>
    /// Durable posting: sales with their distribution through Core and the store, <paramref name="batch"/> sales per
    /// commit; then raw ADO.NET re-inserting the very rows the store wrote (journals, lines, idempotency records,
    /// balance and daily-balance upserts, documents) into a fresh database of the same schema, one commit per batch.
    /// </summary>
    private static async Task DurablePostingAsync(string name, Func<string, Task<Target>> open, int sales, int batch, int warmUp)
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
        // A warm-up before the clock starts, on both sides: the first commits are posted and replayed untimed. Posting one
        // sale a commit speeds up from ~180 to ~350 sales/s over its first 1,500–2,000 sales on this machine (the JIT's
        // tiered re-compilation of the hot methods in part, SQLite's cache and the first daily-balance rows the rest;
        // docs/performance.md, "Tenth session"), so the default (--warm-up-sales) is 2,000; the seventh to ninth
        // sessions' figures had 200.
        for (var i = 0; i < warmUp; i++)
        {
            var result = await economy.RecordSaleAsync(Ledger, RandomSale(random, sales + i), $"warm-up-{i}");
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

        // The lines refer to their set of dimensions and their account, the journals to their metadata's key set: the
        // rows the store wrote go in first, untimed (after the first sales a store writes none, so the timed part
        // writes the same rows on both sides).
        var accounts = new Dictionary<long, Dictionary<string, object>>();
        foreach (var table in new[] { "dimension_sets", "metadata_keys", "line_accounts" })
        {
            foreach (var row in await ReadAllAsync(source, $"SELECT * FROM {table}"))
            {
                await Run(Insert(connection, table, row.Keys), [.. row.Values]);
                if (table == "line_accounts")
                {
                    accounts[Convert.ToInt64(row["id"], CultureInfo.InvariantCulture)] = row;
                }
            }
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
                // The head keeps a hash as text, as the store writes it (the journals keep it in bytes: ADR 0031, 0035).
                await step(head, last["sequence"], last["hash"] is byte[] hash ? Convert.ToHexStringLower(hash) : last["hash"], previous);
                previous = first + count - 1;
                foreach (var sequence in Enumerable.Range(0, count).Select(k => first + k))
                {
                    var journal = bySequence[sequence];
                    await step(journalInsert, [.. journal.Values]);
                    foreach (var line in lines[sequence])
                    {
                        // On PostgreSQL the lines are in the journal's row (its arrays, copied with it; ADR 0038).
                        if (raw.IsSqlite)
                        {
                            await step(lineInsert, [.. line.Values]);
                        }

                        var debit = Convert.ToInt32(line["side"], CultureInfo.InvariantCulture) == (int)Side.Debit ? line["amount_minor"] : 0L;
                        var credit = Convert.ToInt32(line["side"], CultureInfo.InvariantCulture) == (int)Side.Credit ? line["amount_minor"] : 0L;
                        var account = accounts[Convert.ToInt64(line["account_key"], CultureInfo.InvariantCulture)];
                        await step(balance, "load", account["entity_id"], account["account"], account["unit"], debit, credit);
                        await step(daily, "load", account["entity_id"], account["account"], account["unit"], journal["accounting_date"], debit, credit);
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
}
