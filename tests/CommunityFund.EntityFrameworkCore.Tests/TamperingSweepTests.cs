using System.Globalization;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>
/// Someone with write access to the database file changes the books directly — an amount, a deleted or inserted row,
/// two journals swapped, the tail cut after a checkpoint a trustee kept — at many random positions of a 1,100-journal
/// ledger. The audit, run over a read-only connection, finds every change and names the first bad sequence; the
/// untouched books pass. On SQLite (a copy of the file per change, the audit over <c>Mode=ReadOnly</c>) and on
/// PostgreSQL (a copy of the database per change, the audit as a role that may only read). Size:
/// <c>COMMUNITYFUND_TAMPERINGS</c> changes (default 50 on SQLite, 30 on PostgreSQL).
/// </summary>
public abstract class TamperingSweepTests : IAsyncLifetime
{
    private const int Journals = 1_100;
    private static readonly LedgerId Ledger = LedgerId.From("tamper");
    private static readonly EntityId Provider = EntityId.From("provider");
    private Dictionary<long, string> _hashes = [];

    /// <summary>The engine's name in the report.</summary>
    protected abstract string Engine { get; }

    /// <summary>How many changes by default.</summary>
    protected abstract int DefaultChanges { get; }

    /// <summary>Creates the pristine books and answers a store writing to them.</summary>
    protected abstract Task<ILedgerStore> CreatePristineAsync();

    /// <summary>Makes the pristine books durable and closes every connection to them.</summary>
    protected abstract Task SealPristineAsync();

    /// <summary>A copy of the pristine books with <paramref name="sql"/> run on it with the append-only guards off
    /// (as someone with direct write access would); answers its name.</summary>
    protected abstract Task<string> TamperedCopyAsync(int index, string sql);

    /// <summary>A store over the books named (<c>null</c>: the pristine ones) that can only read.</summary>
    protected abstract ILedgerStore ReadOnlyStore(string? copy);

    /// <summary>Removes a copy.</summary>
    protected abstract Task DropAsync(string copy);

    public abstract Task DisposeAsync();

    public async Task InitializeAsync()
    {
        var store = await CreatePristineAsync();
        await store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Tamper", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn)));
        var engine = new PostingEngine(store, new FakeClock(Instant.FromUtc(2026, 6, 1, 0, 0)));
        var random = new Random(7);
        for (var batch = 0; batch < Journals / 100; batch++)
        {
            var drafts = Enumerable.Range(0, 100).Select(i =>
            {
                var amount = Money.FromMinorUnits(random.Next(1, 1_000_000), Currency.CNY);
                return new JournalDraft(new LocalDate(2026, 1 + (batch % 5), 1 + (i % 28)), JournalKind.Sale, $"sale {batch}-{i}",
                    [LineDraft.Debit(Provider, "1002.01", amount).WithCashFlow(CashFlowItem.ServicesSold), LineDraft.Credit(Provider, "4301.01", amount)]);
            });
            Assert.True((await engine.PostBatchAsync(new PostingBatch(Ledger, [.. drafts], $"batch-{batch}"))).Succeeded);
        }

        _hashes = (await store.ReadJournalsAsync(Ledger, 0, Journals + 1)).ToDictionary(j => j.Sequence, j => j.Hash);
        await SealPristineAsync();
    }

    [Fact]
    public async Task UntouchedBooks_PassTheAuditOverAReadOnlyConnection()
    {
        var report = await AuditAsync(null, [new ChainCheckpoint(Journals, _hashes[Journals])]);

        Assert.Empty(report.Findings);
        Assert.Equal(1, report.CheckpointsVerified);
    }

    [Fact]
    public async Task EveryDirectChange_IsFoundAtItsFirstBadSequence()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_TAMPERINGS"), out var n) ? n : DefaultChanges;
        var random = new Random(20261127);
        var detected = 0;
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var kind = (Tampering)(i % 6);
            var position = random.Next(2, Journals - 1);
            var copy = await TamperedCopyAsync(i, Sql(kind, position));

            // The trustee kept the head before the change.
            var report = await AuditAsync(copy, [new ChainCheckpoint(Journals, _hashes[Journals])]);
            var expected = kind == Tampering.TruncateTail ? position + 1 : position;
            var finding = report.Findings.FirstOrDefault(f => f.Code is "chain.broken" or "checkpoint.missing");
            Assert.True(finding is not null, $"{kind} at {position} went unnoticed: {string.Join("; ", report.Findings.Select(f => f.Code))}");
            Assert.False(report.IsSound);
            if (kind == Tampering.TruncateTail)
            {
                Assert.Equal("checkpoint.missing", finding.Code);
                Assert.Equal(position, report.Head.Sequence);
            }
            else
            {
                Assert.Equal(("chain.broken", expected), (finding.Code, finding.Sequence!.Value));
            }

            detected++;
            byKind[kind.ToString()] = byKind.GetValueOrDefault(kind.ToString()) + 1;
            await DropAsync(copy);
        }

        Assert.Equal(count, detected);
        Record($"TamperingSweep ({Engine}, {Journals} journals): {count} direct changes tried, {detected} detected at their first bad sequence ({string.Join(", ", byKind.Select(k => $"{k.Key} {k.Value}"))}).");
    }

    private enum Tampering
    {
        ChangeAmount,
        DeleteLine,
        InsertLine,
        DeleteJournal,
        SwapJournals,
        TruncateTail,
    }

    /// <summary>A journal's hash (a column of <c>journals</c>) as the text a ledger's head keeps: on PostgreSQL the
    /// journals keep it in bytes (ADR 0035), which the sweep's cut tail writes into the head as hex.</summary>
    protected virtual string HashAsText(string column) => column;

    private string Sql(Tampering kind, long k) => kind switch
    {
        Tampering.ChangeAmount => ChangeFirstAmount(k),
        Tampering.DeleteLine => DeleteLastLine(k),
        Tampering.InsertLine => RepeatFirstLine(k),
        Tampering.DeleteJournal => LineRows($"DELETE FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k}; ") + $"DELETE FROM journals WHERE ledger_id = 'tamper' AND sequence = {k};",
        Tampering.SwapJournals =>
            LineRows($"UPDATE journal_lines SET sequence = -1 WHERE ledger_id = 'tamper' AND sequence = {k}; ") + $"UPDATE journals SET sequence = -1 WHERE ledger_id = 'tamper' AND sequence = {k}; " +
            LineRows($"UPDATE journal_lines SET sequence = {k} WHERE ledger_id = 'tamper' AND sequence = {k + 1}; ") + $"UPDATE journals SET sequence = {k} WHERE ledger_id = 'tamper' AND sequence = {k + 1}; " +
            LineRows($"UPDATE journal_lines SET sequence = {k + 1} WHERE ledger_id = 'tamper' AND sequence = -1; ") + $"UPDATE journals SET sequence = {k + 1} WHERE ledger_id = 'tamper' AND sequence = -1;",
        _ => LineRows($"DELETE FROM journal_lines WHERE ledger_id = 'tamper' AND sequence > {k}; ") + $"DELETE FROM journals WHERE ledger_id = 'tamper' AND sequence > {k}; " +
            $"UPDATE ledgers SET head_sequence = {k}, head_hash = (SELECT {HashAsText("hash")} FROM journals WHERE ledger_id = 'tamper' AND sequence = {k}) WHERE id = 'tamper';",
    };

    /// <summary>A change to the lines' own rows, where they have rows of their own (SQLite); nothing where the lines are in
    /// the journal's row and go with it (PostgreSQL, ADR 0038).</summary>
    protected virtual string LineRows(string sql) => sql;

    /// <summary>Adds 1 to the amount of journal <paramref name="k"/>'s first line.</summary>
    protected virtual string ChangeFirstAmount(long k) =>
        $"UPDATE journal_lines SET amount_minor = amount_minor + 1 WHERE ledger_id = 'tamper' AND sequence = {k} AND line_number = (SELECT MIN(line_number) FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k});";

    /// <summary>Deletes journal <paramref name="k"/>'s last line.</summary>
    protected virtual string DeleteLastLine(long k) =>
        $"DELETE FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k} AND line_number = (SELECT MAX(line_number) FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k});";

    /// <summary>Adds to journal <paramref name="k"/> a copy of its first line.</summary>
    protected virtual string RepeatFirstLine(long k) =>
        $"INSERT INTO journal_lines (ledger_id, sequence, line_number, account_key, side, amount_minor, dimension_set) " +
        $"SELECT ledger_id, sequence, line_number + 100, account_key, side, amount_minor, dimension_set FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k} LIMIT 1;";

    private async Task<AuditReport> AuditAsync(string? copy, IEnumerable<ChainCheckpoint> kept)
    {
        var store = ReadOnlyStore(copy);
        return await LedgerAudit.RunAsync(store, new LedgerEconomyStore(store), Ledger, kept);
    }

    private static void Record(string line)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, "reliability.txt"), string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {line}{Environment.NewLine}"));
    }
}

/// <summary>The sweep on SQLite: a copy of the file per change; the audit opens it <c>Mode=ReadOnly</c>.</summary>
public sealed class SqliteTamperingSweepTests : TamperingSweepTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-tamper-").FullName;

    private string Pristine => Path.Combine(_folder, "pristine.db");

    protected override string Engine => "SQLite";

    protected override int DefaultChanges => 50;

    protected override async Task<ILedgerStore> CreatePristineAsync()
    {
        var store = BooksStore.Sqlite($"Data Source={Pristine}");
        await store.MigrateAsync();
        return store;
    }

    protected override async Task SealPristineAsync()
    {
        await using (var connection = new SqliteConnection($"Data Source={Pristine}"))
        {
            await connection.OpenAsync();
            await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        SqliteConnection.ClearAllPools();
    }

    protected override async Task<string> TamperedCopyAsync(int index, string sql)
    {
        var copy = Path.Combine(_folder, $"tampered-{index}.db");
        File.Copy(Pristine, copy);
        await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
        await connection.OpenAsync();
        await Execute(connection, "PRAGMA foreign_keys = OFF; DROP TRIGGER IF EXISTS journals_no_update; DROP TRIGGER IF EXISTS journals_no_delete; " +
            "DROP TRIGGER IF EXISTS journal_lines_no_update; DROP TRIGGER IF EXISTS journal_lines_no_delete;");
        await Execute(connection, sql);
        return copy;
    }

    protected override ILedgerStore ReadOnlyStore(string? copy) => BooksStore.Sqlite($"Data Source={copy ?? Pristine};Mode=ReadOnly");

    protected override Task DropAsync(string copy)
    {
        SqliteConnection.ClearAllPools();
        File.Delete(copy);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The sweep on PostgreSQL: a copy of the database per change (<c>CREATE DATABASE … TEMPLATE</c>), changed by the
/// server's superuser with triggers off (<c>session_replication_role = replica</c>); the audit connects as a role granted
/// only SELECT, its transactions read-only by default.</summary>
public sealed class PostgresTamperingSweepTests : TamperingSweepTests
{
    protected override string HashAsText(string column) => $"encode({column}, 'hex')";

    // The lines are arrays in the journal's row (ADR 0038): the line-level changes edit the arrays.
    protected override string LineRows(string sql) => string.Empty;

    protected override string ChangeFirstAmount(long k) =>
        $"UPDATE journals SET line_amounts[1] = line_amounts[1] + sign(line_amounts[1])::bigint WHERE ledger_id = 'tamper' AND sequence = {k};";

    protected override string DeleteLastLine(long k) =>
        "UPDATE journals SET line_accounts = trim_array(line_accounts, 1), line_sets = trim_array(line_sets, 1), line_amounts = trim_array(line_amounts, 1) " +
        $"WHERE ledger_id = 'tamper' AND sequence = {k};";

    protected override string RepeatFirstLine(long k) =>
        "UPDATE journals SET line_accounts = line_accounts || line_accounts[1], line_sets = line_sets || line_sets[1], line_amounts = line_amounts || line_amounts[1] " +
        $"WHERE ledger_id = 'tamper' AND sequence = {k};";

    private const string Auditor = "cf_auditor";
    private readonly string _pristine = $"cf_tamper_{Guid.NewGuid():N}"[..30];
    private readonly List<string> _databases = [];

    protected override string Engine => "PostgreSQL";

    [Fact]
    public async Task TheAuditRole_CannotChangeTheBooks()
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            PostgresServer.ExecuteAsync(PostgresServer.ConnectionString(_pristine, Auditor), "UPDATE journals SET line_amounts = '{1}'"));

        Assert.Contains(refused.SqlState, new[] { PostgresErrorCodes.ReadOnlySqlTransaction, PostgresErrorCodes.InsufficientPrivilege });
    }

    protected override int DefaultChanges => 30;

    protected override async Task<ILedgerStore> CreatePristineAsync()
    {
        await PostgresServer.CloneTemplateAsync(_pristine);
        _databases.Add(_pristine);
        return BooksStore.Postgres(PostgresServer.ConnectionString(_pristine, PostgresServer.AppRole));
    }

    protected override async Task SealPristineAsync()
    {
        await PostgresServer.ExecuteAsync(PostgresServer.Admin, $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Auditor}') THEN CREATE ROLE {Auditor} LOGIN; END IF; END $$;");
        await PostgresServer.ExecuteAsync(PostgresServer.Admin, $"ALTER ROLE {Auditor} SET default_transaction_read_only = on");
        await PostgresServer.ExecuteAsync(PostgresServer.ConnectionString(_pristine, null), $"GRANT USAGE ON SCHEMA public TO {Auditor}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {Auditor};");
        NpgsqlConnection.ClearAllPools();
    }

    protected override async Task<string> TamperedCopyAsync(int index, string sql)
    {
        var copy = $"{_pristine}_{index}";
        // A database is copied only while nobody is connected to it: the set-up's pooled connections are closed.
        await PostgresServer.ExecuteAsync(PostgresServer.Admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{_pristine}' AND pid <> pg_backend_pid()");
        await PostgresServer.ExecuteAsync(PostgresServer.Admin, $"CREATE DATABASE {copy} TEMPLATE {_pristine}");
        _databases.Add(copy);
        var owner = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString(copy, null)) { Pooling = false }.ConnectionString;
        await PostgresServer.ExecuteAsync(owner, $"SET session_replication_role = replica; {sql}");
        return copy;
    }

    protected override ILedgerStore ReadOnlyStore(string? copy) => BooksStore.Postgres(PostgresServer.ConnectionString(copy ?? _pristine, Auditor));

    protected override async Task DropAsync(string copy)
    {
        NpgsqlConnection.ClearAllPools();
        await PostgresServer.ExecuteAsync(PostgresServer.Admin, $"DROP DATABASE IF EXISTS {copy} WITH (FORCE)");
        _databases.Remove(copy);
    }

    public override async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var database in _databases.ToList())
        {
            await PostgresServer.ExecuteAsync(PostgresServer.Admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }
}
