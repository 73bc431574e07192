using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The database guarantees on SQLite, and what SQLite stores in its own forms.</summary>
public sealed class SqliteDatabaseTests : DatabaseTests<SqliteBackend>
{
    protected override Task<SqliteBackend> CreateAsync() => SqliteBackend.CreateAsync();

    protected override BooksDbContext OpenContext() => new SqliteBooksDbContext(BooksStore.SqliteOptions(Backend.ConnectionString));

    protected override void AssertRefusedAsAppendOnly(Exception error, string sql) => AssertRefusedByTheTrigger(error, sql);

    [Theory]
    [InlineData(SqliteDurability.Full, 2)]
    [InlineData(SqliteDurability.Normal, 1)]
    public async Task Connections_UseWalAndTheChosenDurability(SqliteDurability durability, long synchronous)
    {
        await using var context = new SqliteBooksDbContext(BooksStore.SqliteOptions(Backend.ConnectionString, durability));
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        var journalMode = (string)(await command.ExecuteScalarAsync())!;
        command.CommandText = "PRAGMA synchronous";
        var actual = (long)(await command.ExecuteScalarAsync())!;

        Assert.Equal(("wal", synchronous), (journalMode, actual));
    }

    [Fact]
    public async Task Hashes_AreStoredAsTheir32Bytes_AndHashesStoredAsHexTextStillRead()
    {
        var journal = (await Backend.Store.ReadJournalsAsync(Ledger, 0, 10)).Single();
        await using (var context = OpenContext())
        {
            await context.Database.OpenConnectionAsync();
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT typeof(hash) || ' ' || length(hash) || ' ' || typeof(previous_hash) || ' ' || typeof(request_hash) FROM journals";
            Assert.Equal("blob 32 blob blob", await command.ExecuteScalarAsync());
        }

        // A row written before issue 20 kept its hashes as hex text.
        await Backend.ExecuteAsync(
            $"DROP TRIGGER journals_no_update; UPDATE journals SET hash = '{journal.Hash}', previous_hash = '{journal.PreviousHash}', request_hash = '{journal.RequestHash}'");

        Assert.Equal(journal.Hash, (await Backend.OpenAnother().ReadJournalsAsync(Ledger, 0, 10)).Single().Hash);
        Assert.True((await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger)).IsIntact);
    }

    [Fact]
    public async Task JournalIdsAndUuidKeys_AreStoredAsTheir16Bytes_OtherKeysAsText_AndReadBackTheSame()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        Assert.True((await engine.PostAsync(Ledger, new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Sale, "uuid key",
            [LineDraft.Debit(EntityId.From("provider"), "1002.01", Money.FromMinorUnits(1, Currency.CNY)), LineDraft.Credit(EntityId.From("provider"), "4301.01", Money.FromMinorUnits(1, Currency.CNY))]), UuidKey)).Succeeded);
        await Backend.Store.PutDocumentsAsync(Ledger, [new LedgerDocument("sale", UuidKey, null, 1, "{}"), new LedgerDocument("sale", UuidKey.ToUpperInvariant(), null, 1, "{}")]);

        await using (var context = OpenContext())
        {
            await context.Database.OpenConnectionAsync();
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT group_concat(typeof(id) || length(id) || ' ' || coalesce(typeof(idempotency_key), ''), ', ') FROM journals ORDER BY sequence;" +
                "SELECT group_concat(typeof(key), ' ') FROM (SELECT key FROM idempotency_keys UNION ALL SELECT key FROM documents WHERE kind = 'sale' ORDER BY 1)";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("blob16 text, blob16 blob", reader.GetString(0));
            Assert.True(await reader.NextResultAsync() && await reader.ReadAsync());
            Assert.Equal("text text blob blob", reader.GetString(0));
        }

        var store = Backend.OpenAnother();
        var journal = (await store.FindByIdempotencyKeyAsync(Ledger, UuidKey)).Single();
        Assert.Equal((UuidKey, 2L), (journal.IdempotencyKey, (await store.GetJournalAsync(Ledger, journal.Id))!.Sequence));
        Assert.Equal([UuidKey.ToUpperInvariant(), UuidKey], (await store.ListDocumentsAsync(Ledger, "sale", null)).Select(d => d.Key));
        Assert.Equal([UuidKey], await store.FindUsedIdempotencyKeysAsync(Ledger, [UuidKey, "019e807a-0000-7bb8-9fc0-ed2088852b9a"]));
    }

    [Fact]
    public async Task AJournal_StoresEmptyWhatItSharesWithTheJournalBeforeInItsAppend_WhenThatOneStoresItsOwn_AndARecordIsStoredCompressed()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        var amount = Money.FromMinorUnits(1, Currency.CNY);
        var drafts = Enumerable.Range(0, 3).Select(i => new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Sale, $"part {i}",
            [LineDraft.Debit(EntityId.From("provider"), "1002.01", amount), LineDraft.Credit(EntityId.From("provider"), "4301.01", amount)]) { SourceReference = "sale:1" });
        Assert.True((await engine.PostBatchAsync(new PostingBatch(Ledger, [.. drafts], UuidKey))).Succeeded);
        await Backend.Store.PutDocumentsAsync(Ledger, [new LedgerDocument("sale", UuidKey, null, 1, LongRecord), new LedgerDocument("sale", "short", null, 1, "{}")]);

        await using var context = OpenContext();
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        // previous hash, key, request hash, source reference: their lengths (- for NULL), journal by journal. The third
        // journal stores its key and reference again: the journal before it left them to its own predecessor.
        command.CommandText = "SELECT group_concat(length(previous_hash) || ' ' || coalesce(length(idempotency_key), '-') || ' ' || coalesce(length(request_hash), '-') || ' ' || " +
            "coalesce(length(source_reference), '-'), ', ') FROM (SELECT * FROM journals ORDER BY sequence);" +
            "SELECT group_concat(typeof(json), ' ') FROM (SELECT json FROM documents WHERE kind = 'sale' ORDER BY key)";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("32 1 32 -, 32 16 32 6, 0 0 - 0, 0 16 32 6", reader.GetString(0));
        Assert.True(await reader.NextResultAsync() && await reader.ReadAsync());
        Assert.Equal("text blob", reader.GetString(0));
    }

    [Fact]
    public async Task MoneyColumns_AreIntegers()
    {
        await using var context = OpenContext();
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT type FROM pragma_table_info('journal_lines') WHERE name = 'amount_minor' UNION ALL SELECT type FROM pragma_table_info('balances') WHERE name IN ('debit', 'credit')";
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            types.Add(reader.GetString(0));
        }

        Assert.Equal(["INTEGER", "INTEGER", "INTEGER"], types);
    }

    [Fact]
    public async Task WritesThroughTheStore_AreCheckpointedIntoTheDatabaseFile_WithoutAWriterDoingIt()
    {
        await ExecuteOnOwnConnectionAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var before = new FileInfo(Backend.Path).Length;

        // Between the pool's cadence and a writer's own (the safety net): 3,000 records stored in about 1.8 KiB each, some
        // 1,500 WAL pages in one transaction, so only the pool moves them.
        await Backend.Store.PutDocumentsAsync(Ledger, [.. Enumerable.Range(0, 3_000).Select(i => new LedgerDocument("note", $"note-{i:D5}", null, i, Note()))]);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(Backend.Path).Length == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(new FileInfo(Backend.Path).Length > before, "the database file did not grow: the WAL was not checkpointed");
        Assert.Equal(SqliteCheckpoints.SafetyNetPages, await ExecuteOnOwnConnectionAsync("PRAGMA wal_autocheckpoint"));
    }

    /// <summary>A record's JSON of random hexadecimal identifiers, 3.6 KiB that compress to about half.</summary>
    private static string Note() => "{\"text\":\"" + string.Concat(Enumerable.Range(0, 112).Select(_ => Guid.NewGuid().ToString("N"))) + "\"}";

    private async Task<long> ExecuteOnOwnConnectionAsync(string sql)
    {
        await using var context = OpenContext();
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
