using System.Globalization;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>
/// Someone with write access to the database file changes the books directly — an amount, a deleted or inserted row,
/// two journals swapped, the tail cut after a checkpoint a trustee kept — at many random positions of a 1,100-journal
/// ledger. The audit, run over a read-only connection, finds every change and names the first bad sequence; the
/// untouched books pass. Size: <c>COMMUNITYFUND_TAMPERINGS</c> changes (default 50).
/// </summary>
public sealed class TamperingSweepTests : IAsyncLifetime
{
    private const int Journals = 1_100;
    private static readonly LedgerId Ledger = LedgerId.From("tamper");
    private static readonly EntityId Provider = EntityId.From("provider");
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-tamper-").FullName;
    private string _pristine = string.Empty;
    private Dictionary<long, string> _hashes = [];

    public async Task InitializeAsync()
    {
        _pristine = Path.Combine(_folder, "pristine.db");
        var store = BooksStore.Sqlite($"Data Source={_pristine}");
        await ((EfLedgerStore)store).MigrateAsync();
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
        await using (var connection = new SqliteConnection($"Data Source={_pristine}"))
        {
            await connection.OpenAsync();
            await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        }

        SqliteConnection.ClearAllPools();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UntouchedBooks_PassTheAuditOverAReadOnlyConnection()
    {
        var report = await AuditAsync(_pristine, [new ChainCheckpoint(Journals, _hashes[Journals])]);

        Assert.Empty(report.Findings);
        Assert.Equal(1, report.CheckpointsVerified);
    }

    [Fact]
    public async Task EveryDirectChange_IsFoundAtItsFirstBadSequence()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_TAMPERINGS"), out var n) ? n : 50;
        var random = new Random(20261127);
        var detected = 0;
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var kind = (Tampering)(i % 6);
            var position = random.Next(2, Journals - 1);
            var copy = Path.Combine(_folder, $"tampered-{i}.db");
            File.Copy(_pristine, copy);
            await using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
            {
                await connection.OpenAsync();
                await Execute(connection, "PRAGMA foreign_keys = OFF; DROP TRIGGER IF EXISTS journals_no_update; DROP TRIGGER IF EXISTS journals_no_delete; " +
                    "DROP TRIGGER IF EXISTS journal_lines_no_update; DROP TRIGGER IF EXISTS journal_lines_no_delete;");
                await Execute(connection, Sql(kind, position));
            }

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
            SqliteConnection.ClearAllPools();
            File.Delete(copy);
        }

        Assert.Equal(count, detected);
        Record($"TamperingSweep (SQLite, {Journals} journals): {count} direct changes tried, {detected} detected at their first bad sequence ({string.Join(", ", byKind.Select(k => $"{k.Key} {k.Value}"))}).");
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

    private static string Sql(Tampering kind, long k) => kind switch
    {
        Tampering.ChangeAmount => $"UPDATE journal_lines SET amount_minor = amount_minor + 1 WHERE ledger_id = 'tamper' AND sequence = {k} AND line_number = (SELECT MIN(line_number) FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k});",
        Tampering.DeleteLine => $"DELETE FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k} AND line_number = (SELECT MAX(line_number) FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k});",
        Tampering.InsertLine => $"INSERT INTO journal_lines (ledger_id, sequence, line_number, entity_id, account, side, amount_minor, unit, dimensions) " +
            $"SELECT ledger_id, sequence, line_number + 100, entity_id, account, side, amount_minor, unit, dimensions FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k} LIMIT 1;",
        Tampering.DeleteJournal => $"DELETE FROM journal_lines WHERE ledger_id = 'tamper' AND sequence = {k}; DELETE FROM journals WHERE ledger_id = 'tamper' AND sequence = {k};",
        Tampering.SwapJournals =>
            $"UPDATE journal_lines SET sequence = -1 WHERE ledger_id = 'tamper' AND sequence = {k}; UPDATE journals SET sequence = -1 WHERE ledger_id = 'tamper' AND sequence = {k}; " +
            $"UPDATE journal_lines SET sequence = {k} WHERE ledger_id = 'tamper' AND sequence = {k + 1}; UPDATE journals SET sequence = {k} WHERE ledger_id = 'tamper' AND sequence = {k + 1}; " +
            $"UPDATE journal_lines SET sequence = {k + 1} WHERE ledger_id = 'tamper' AND sequence = -1; UPDATE journals SET sequence = {k + 1} WHERE ledger_id = 'tamper' AND sequence = -1;",
        _ => $"DELETE FROM journal_lines WHERE ledger_id = 'tamper' AND sequence > {k}; DELETE FROM journals WHERE ledger_id = 'tamper' AND sequence > {k}; " +
            $"UPDATE ledgers SET head_sequence = {k}, head_hash = (SELECT hash FROM journals WHERE ledger_id = 'tamper' AND sequence = {k}) WHERE id = 'tamper';",
    };

    private static async Task<AuditReport> AuditAsync(string file, IEnumerable<ChainCheckpoint> kept)
    {
        var store = BooksStore.Sqlite($"Data Source={file};Mode=ReadOnly");
        return await LedgerAudit.RunAsync(store, new LedgerEconomyStore(store), Ledger, kept);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static void Record(string line)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, "reliability.txt"), string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:O} {line}{Environment.NewLine}"));
    }
}
