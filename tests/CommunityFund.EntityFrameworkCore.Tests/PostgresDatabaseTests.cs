using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The database guarantees on PostgreSQL: roles, triggers, the lines in the journal's row, the migrations both ways.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresDatabaseTests : DatabaseTests<PostgresBackend>
{
    protected override Task<PostgresBackend> CreateAsync() => PostgresBackend.CreateAsync();

    protected override BooksDbContext OpenContext() => new PostgresBooksDbContext(BooksStore.PostgresOptions(Backend.OwnerConnectionString));

    protected override bool StoreReadsTheSchemaBeforeCompactChain => false;

    /// <summary>The application role may not change or delete posted rows at all: the grants refuse it before any trigger;
    /// <c>journal_lines</c> is a view of the journals' lines (ADR 0038), which no one can change at all.</summary>
    protected override void AssertRefusedAsAppendOnly(Exception error, string sql) =>
        Assert.Equal(sql.Contains("journal_lines", StringComparison.Ordinal) ? PostgresErrorCodes.ObjectNotInPrerequisiteState : PostgresErrorCodes.InsufficientPrivilege,
            Assert.IsType<PostgresException>(error).SqlState);

    [Theory]
    [InlineData("UPDATE journals SET line_amounts[1] = 1")]
    [InlineData("UPDATE journals SET line_accounts = line_accounts[1:1], line_sets = line_sets[1:1], line_amounts = line_amounts[1:1]")]
    public async Task TheLinesInTheJournalsRow_CannotBeChangedByTheApplicationRole(string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => Backend.ExecuteAsync(sql));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.True((await ChainVerifier.VerifyAsync(Backend.Store, Ledger)).IsIntact);
    }

    [Theory]
    [InlineData("UPDATE journal_lines SET amount_minor = 1")]
    [InlineData("DELETE FROM journal_lines")]
    [InlineData("INSERT INTO journal_lines SELECT * FROM journal_lines")]
    public async Task TheLinesView_CannotBeChangedByTheOwnerEither(string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresServer.ExecuteAsync(Backend.OwnerConnectionString, sql));

        Assert.Equal(PostgresErrorCodes.ObjectNotInPrerequisiteState, error.SqlState);
        Assert.True((await ChainVerifier.VerifyAsync(Backend.Store, Ledger)).IsIntact);
    }

    [Theory]
    [InlineData("UPDATE journals SET memo = 'changed'")]
    [InlineData("DELETE FROM journals")]
    [InlineData("UPDATE journals SET line_amounts[1] = 1")]
    [InlineData("UPDATE journals SET line_accounts = line_accounts || line_accounts[1], line_sets = line_sets || line_sets[1], line_amounts = line_amounts || line_amounts[1]")]
    [InlineData("DELETE FROM idempotency_keys")]
    [InlineData("UPDATE dimension_sets SET json = 'x'")]
    [InlineData("DELETE FROM dimension_sets")]
    [InlineData("UPDATE metadata_keys SET json = 'x'")]
    [InlineData("DELETE FROM metadata_keys")]
    public async Task PostedRows_CannotBeChangedByTheTablesOwnerEither_TheTriggerRefuses(string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresServer.ExecuteAsync(Backend.OwnerConnectionString, sql));

        AssertRefusedByTheTrigger(error, sql);
        Assert.True((await ChainVerifier.VerifyAsync(Backend.Store, Ledger)).IsIntact);
    }

    [Theory]
    [InlineData("ALTER TABLE journals DISABLE TRIGGER ALL")]
    [InlineData("TRUNCATE journals CASCADE")]
    [InlineData("DROP VIEW journal_lines")]
    [InlineData("ALTER TABLE journals DROP COLUMN line_amounts")]
    [InlineData("DROP INDEX ix_journals_line_accounts")]
    public async Task ApplicationRole_CannotGetAroundTheTriggers(string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => Backend.ExecuteAsync(sql));

        Assert.Contains(error.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.RestrictViolation });
    }

    /// <summary>The references a journal's lines make — to their sets of dimensions and accounts — are checked once per
    /// statement (ADR 0037, ADR 0038), not by foreign keys: a statement with one journal whose lines refer to nothing is
    /// refused whole, with the error the lines' foreign key raised.</summary>
    [Theory]
    [InlineData("-1", "line_accounts[1]", "FK_journal_lines_dimension_sets")]
    [InlineData("line_sets[1]", "-1", "FK_journal_lines_line_accounts")]
    public async Task AJournalWhoseLineRefersToNothing_RefusesItsWholeStatement_WithTheForeignKeysError(string dimensionSet, string account, string constraint)
    {
        var before = await CountLinesAsync();
        var sql = CopyOfTheFirstJournal(1000, "line_sets", "line_accounts") + " UNION ALL " +
            CopyOfTheFirstJournal(1001, $"ARRAY[line_sets[1], {dimensionSet}]", $"ARRAY[line_accounts[1], {account}]")[CopyInto.Length..];

        var error = await Assert.ThrowsAsync<PostgresException>(() => Backend.ExecuteAsync(sql));

        Assert.Equal((PostgresErrorCodes.ForeignKeyViolation, constraint), (error.SqlState, error.ConstraintName));
        Assert.Equal(new DatabaseError(DatabaseErrorKind.ConstraintViolation, constraint), DatabaseErrors.Classify(error));
        Assert.Equal(before, await CountLinesAsync());
    }

    /// <summary>The check is two queries planned once a connection, kept on the primary keys (LineReferencesInTwoQueries);
    /// its way down restores the per-reference probes, which refuse the same statement the same way.</summary>
    [Fact]
    public async Task LineReferenceCheck_GoingDownToLinesInJournals_RestoresTheProbes_ThatRefuseTheSame()
    {
        const string Settings = "SELECT array_to_string(proconfig, ',') FROM pg_proc WHERE proname = 'cf_journal_lines_refer'";
        var sql = CopyOfTheFirstJournal(1000, "ARRAY[-1, line_sets[2]]", "line_accounts");
        Assert.Equal(["enable_seqscan=off"], await TextsAsync(Settings));

        await MigrateToAsync("LinesInJournals");
        Assert.Equal(["plan_cache_mode=force_custom_plan"], await TextsAsync(Settings));
        var error = await Assert.ThrowsAsync<PostgresException>(() => Backend.ExecuteAsync(sql));
        Assert.Equal((PostgresErrorCodes.ForeignKeyViolation, "FK_journal_lines_dimension_sets"), (error.SqlState, error.ConstraintName));
        await MigrateToAsync(null);

        Assert.Equal(["enable_seqscan=off"], await TextsAsync(Settings));
        error = await Assert.ThrowsAsync<PostgresException>(() => Backend.ExecuteAsync(sql));
        Assert.Equal((PostgresErrorCodes.ForeignKeyViolation, "FK_journal_lines_dimension_sets"), (error.SqlState, error.ConstraintName));
    }

    /// <summary>The accounts' GIN index takes new entries into a pending list of at most 256 kB (AccountIndexPendingList,
    /// ADR 0044); going down turns it off and merges what the list holds, and the journals are found by account either way.</summary>
    [Fact]
    public async Task AccountIndex_KeepsNewEntriesInABoundedPendingList_AndGoingDownMergesThem_FindingTheSameJournals()
    {
        const string Options = "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'ix_journals_line_accounts'";
        const string ByAccount = "SET enable_seqscan = off; SELECT string_agg(sequence::text, ',' ORDER BY sequence) FROM journals WHERE line_accounts && ARRAY[(SELECT min(a) FROM journals, unnest(line_accounts) a)]";
        Assert.Equal(["fastupdate=on,gin_pending_list_limit=256"], await TextsAsync(Options));
        var found = await TextsAsync(ByAccount);
        Assert.NotNull(Assert.Single(found));

        await MigrateToAsync("LineReferencesInTwoQueries");
        Assert.Equal(["fastupdate=off"], await TextsAsync(Options));
        Assert.Equal(found, await TextsAsync(ByAccount));
        await MigrateToAsync(null);

        Assert.Equal(["fastupdate=on,gin_pending_list_limit=256"], await TextsAsync(Options));
        Assert.Equal(found, await TextsAsync(ByAccount));
    }

    [Fact]
    public async Task AJournalWhoseLinesReferToTheirSetsAndAccounts_IsInserted_ByTheApplicationRole()
    {
        var before = await CountLinesAsync();

        await Backend.ExecuteAsync(CopyOfTheFirstJournal(1000, "line_sets", "line_accounts"));

        Assert.Equal(before + 2, await CountLinesAsync());
    }

    /// <summary>The three arrays are one line each: one-dimensional, of one length, the amounts neither null nor zero (a
    /// line's side is its amount's sign).</summary>
    [Theory]
    [InlineData("line_sets[1:1]", "line_accounts", "line_amounts")]
    [InlineData("line_sets", "line_accounts", "line_amounts || 5::bigint")]
    [InlineData("line_sets", "line_accounts", "ARRAY[line_amounts[1], 0]")]
    [InlineData("line_sets", "line_accounts", "ARRAY[line_amounts[1], NULL]")]
    [InlineData("ARRAY[line_sets, line_sets]", "ARRAY[line_accounts, line_accounts]", "ARRAY[line_amounts, line_amounts]")]
    public async Task AJournalWhoseLineArraysDoNotMakeLines_IsRefused(string sets, string accounts, string amounts)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => Backend.ExecuteAsync(CopyOfTheFirstJournal(1000, sets, accounts, amounts)));

        Assert.Equal((PostgresErrorCodes.CheckViolation, "ck_journals_lines"), (error.SqlState, error.ConstraintName));
    }

    /// <summary>An insert of a copy of the ledger's first journal (two lines) under another sequence and id, with the
    /// lines' arrays given as SQL expressions over the first's.</summary>
    private static string CopyOfTheFirstJournal(long sequence, string sets, string accounts, string amounts = "line_amounts") =>
        CopyInto + $"SELECT ledger_id, {sequence}, gen_random_uuid(), accounting_date, recorded_at, kind, memo, metadata, previous_hash, hash, {sets}, {accounts}, {amounts} " +
        "FROM journals WHERE ledger_id = 'db' AND sequence = 1";

    private const string CopyInto =
        "INSERT INTO journals (ledger_id, sequence, id, accounting_date, recorded_at, kind, memo, metadata, previous_hash, hash, line_sets, line_accounts, line_amounts) ";

    private async Task<long> CountLinesAsync()
    {
        await using var connection = new NpgsqlConnection(Backend.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM journal_lines", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task DatabaseOfTheSchemaBeforePackedRecords_DowngradesWithItsCompressedRecordsAsTheirText_AndUpgradesReadingTheSame()
    {
        var random = new Random(35);
        var varied = "\"长者助餐 ☃ \U0001F600 " + string.Concat(Enumerable.Range(0, 3_000).Select(_ => (char)random.Next(32, 0x2FFF))) + "\"";
        LedgerDocument[] records = [new("sale", UuidKey, "provider", 1, LongRecord), new("sale", "short", null, 2, "{}"), new("note", "varied", null, 3, varied)];
        await Backend.Store.PutDocumentsAsync(Ledger, records);
        Assert.Equal(records.Count(r => StoredJson.Write(r.Json) is byte[]), await ScalarAsync($"SELECT COUNT(*) FROM documents WHERE get_byte(json, 0) = {StoredJson.Deflated}"));

        await MigrateToAsync("DistributionsIndex");
        Assert.Equal(records.Select(r => r.Json), await TextsAsync("SELECT json FROM documents ORDER BY position"));
        await MigrateToAsync(null);

        var upgraded = Backend.OpenAnother();
        Assert.Equal(records.Select(r => r.Json), await Task.WhenAll(records.Select(async r => (await upgraded.GetDocumentAsync(Ledger, r.Kind, r.Key))!.Json)));
    }

    [Fact]
    public async Task DatabaseOfTheSchemaBeforePackedValues_DowngradesWithEveryValueAsItsText_AndUpgradesReadingTheSame()
    {
        var source = "sale:" + UuidKey;
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        Assert.True((await engine.PostBatchAsync(new PostingBatch(Ledger, [Draft("s-0") with { SourceReference = source }, Draft("s-0") with { SourceReference = source }], UuidKey))).Succeeded);
        await Backend.Store.PutDocumentsAsync(Ledger, [new("sale", UuidKey, "provider", 1, "{}"), new("note", "长者 key", null, 2, "{}"), new("note", "clearing:alipay", null, 3, "{}")]);
        var before = await Backend.Store.ReadJournalsAsync(Ledger, 0, 100);
        // previous hash, hash, key, request hash, source: the second journal of the append leaves all but its hash to the first
        // (the first of an append stores everything).
        Assert.Equal(["32 32 2 32 -", "32 32 16 32 42", "0 32 0 - 0"], await TextsAsync(
            "SELECT concat_ws(' ', length(previous_hash), length(hash), coalesce(length(idempotency_key)::text, '-'), coalesce(length(request_hash)::text, '-'), " +
            "coalesce(length(source_reference)::text, '-')) FROM journals ORDER BY sequence"));

        await MigrateToAsync("PackedRecords");
        Assert.Equal(["k", UuidKey, UuidKey], await TextsAsync("SELECT idempotency_key FROM journals ORDER BY sequence"));
        Assert.Equal([null, source, source], await TextsAsync("SELECT source_reference FROM journals ORDER BY sequence"));
        Assert.Equal(before.Select(j => j.Hash), await TextsAsync("SELECT hash FROM journals ORDER BY sequence"));
        Assert.Equal(["k", UuidKey], await TextsAsync("SELECT key FROM idempotency_keys ORDER BY first_sequence"));
        Assert.Equal([UuidKey, "长者 key", "clearing:alipay"], await TextsAsync("SELECT key FROM documents ORDER BY position"));
        await MigrateToAsync(null);

        var upgraded = Backend.OpenAnother();
        var after = await upgraded.ReadJournalsAsync(Ledger, 0, 100);
        Assert.Equal(before.Select(j => (j.PreviousHash, j.IdempotencyKey, j.RequestHash, j.SourceReference)), after.Select(j => (j.PreviousHash, j.IdempotencyKey, j.RequestHash, j.SourceReference)));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM journals WHERE length(idempotency_key) = 0 AND length(source_reference) = 0"));
        Assert.Equal(2, (await upgraded.FindByIdempotencyKeyAsync(Ledger, UuidKey)).Count);
        Assert.Equal(["clearing:alipay", "长者 key"], (await upgraded.ListDocumentsAsync(Ledger, "note", null)).Select(d => d.Key).Order(StringComparer.Ordinal).ToList());
        Assert.Equal("{}", (await upgraded.GetDocumentAsync(Ledger, "sale", UuidKey))!.Json);
        Assert.True((await ChainVerifier.VerifyAsync(upgraded, Ledger)).IsIntact);
    }

    [Fact]
    public async Task DatabaseOfTheSchemaBeforeLinesInJournals_DowngradesWithItsLinesInTheirTable_AndUpgradesReadingTheSame()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        Assert.True((await engine.PostBatchAsync(new PostingBatch(Ledger, [Draft("s-2"), Draft("s-3")], "lines"))).Succeeded);
        var before = await Backend.Store.ReadJournalsAsync(Ledger, 0, 100);
        const string Lines = "SELECT concat_ws(' ', sequence, line_number, side, amount_minor, dimension_set, account_key) FROM journal_lines ORDER BY sequence, line_number";
        var lines = await TextsAsync(Lines);
        Assert.Equal(["1 0 1 500", "1 1 2 500", "2 0 1 700", "2 1 2 700"], lines.Take(4).Select(l => string.Join(' ', l!.Split(' ').Take(4))));

        await MigrateToAsync("PackedValues");
        Assert.Equal(lines, await TextsAsync(Lines));
        Assert.Equal(["r t t 3"], await TextsAsync(
            $"SELECT concat_ws(' ', relkind, has_table_privilege('{PostgresServer.AppRole}', oid, 'SELECT'), has_table_privilege('{PostgresServer.AppRole}', oid, 'INSERT'), " +
            "(SELECT count(*) FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)) FROM pg_class c WHERE relname = 'journal_lines'"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'journals' AND column_name LIKE 'line%'"));
        Assert.Equal(0L, await ScalarAsync("SELECT count(*) FROM pg_proc WHERE proname = 'cf_journal_lines_refer'"));
        await MigrateToAsync(null);

        Assert.Equal(lines, await TextsAsync(Lines));
        Assert.Equal(["v t"], await TextsAsync($"SELECT concat_ws(' ', relkind, has_table_privilege('{PostgresServer.AppRole}', oid, 'SELECT')) FROM pg_class WHERE relname = 'journal_lines'"));
        var upgraded = Backend.OpenAnother();
        var after = await upgraded.ReadJournalsAsync(Ledger, 0, 100);
        Assert.Equal(before.Select(j => (j.Sequence, j.Lines.Length)), after.Select(j => (j.Sequence, j.Lines.Length)));
        Assert.Equal(before.SelectMany(j => j.Lines), after.SelectMany(j => j.Lines));
        Assert.True((await ChainVerifier.VerifyAsync(upgraded, Ledger)).IsIntact);
        Assert.Equal([1L, 2L, 3L], (await upgraded.ReadAccountJournalsPageAsync(Ledger, EntityId.From("provider"), AccountCode.Parse("1002.01"), null, null, null, 10)).Select(j => j.Sequence));
    }

    private static JournalDraft Draft(string sale)
    {
        var amount = Money.FromMinorUnits(700, Currency.CNY);
        return new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Sale, "sale", [LineDraft.Debit(EntityId.From("provider"), "1002.01", amount), LineDraft.Credit(EntityId.From("provider"), "4301.01", amount)])
        {
            Metadata = JournalMetadata.From(("sale.id", sale)),
        };
    }

    [Fact]
    public async Task AHashChangedByHandToBytesOfNoKnownForm_IsReportedByVerification_NotAFailureToRead()
    {
        await PostgresServer.ExecuteAsync(Backend.OwnerConnectionString,
            "ALTER TABLE journals DISABLE TRIGGER journals_append_only; UPDATE journals SET hash = '\\x0701'::bytea WHERE sequence = 1; ALTER TABLE journals ENABLE TRIGGER journals_append_only;");

        var verdict = await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger);

        Assert.False(verdict.IsIntact);
        Assert.Equal("0701", (await Backend.OpenAnother().ReadJournalsAsync(Ledger, 0, 1))[0].Hash);
    }

    /// <summary>Migrates the database to <paramref name="target"/> (down), or to the latest migration.</summary>
    private async Task MigrateToAsync(string? target)
    {
        await using var context = OpenContext();
        await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(context).MigrateAsync(target);
    }

    private async Task<List<string?>> TextsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Backend.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string?>();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return texts;
    }

    [Fact]
    public async Task Owner_CannotUpdateJournalsEither()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresServer.ExecuteAsync(Backend.OwnerConnectionString, "UPDATE journals SET memo = 'x'"));

        Assert.Equal(PostgresErrorCodes.RestrictViolation, error.SqlState);
    }
}
