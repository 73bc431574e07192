using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>What the databases themselves guarantee: migrations match the model, journals are append-only.</summary>
public abstract class DatabaseTests<TBackend> : IAsyncLifetime
    where TBackend : IBackend
{
    protected static readonly LedgerId Ledger = LedgerId.From("db");
    private static readonly EntityId Provider = EntityId.From("provider");

    protected TBackend Backend { get; private set; } = default!;

    protected abstract Task<TBackend> CreateAsync();

    protected abstract BooksDbContext OpenContext();

    /// <summary>Whether this version's store reads a database of the schema before <c>CompactChain</c>: on SQLite (no
    /// column has changed its type since), not on PostgreSQL since <c>PackedValues</c> (ADR 0035: hashes and keys in
    /// bytes; its own test checks the texts of such a database).</summary>
    protected virtual bool StoreReadsTheSchemaBeforeCompactChain => true;

    /// <summary>Checks the error is the database's own append-only guard of the table the statement names, for the
    /// store's connection — not any error (a foreign key, another table's trigger reached by a cascade…).</summary>
    protected abstract void AssertRefusedAsAppendOnly(Exception error, string sql);

    /// <summary>Checks the error is the append-only trigger's refusal on the table <paramref name="sql"/> changes.</summary>
    protected static void AssertRefusedByTheTrigger(Exception error, string sql)
    {
        var table = sql.Split(' ')[sql.StartsWith("DELETE", StringComparison.Ordinal) ? 2 : 1];
        var (refusal, message) = error switch
        {
            SqliteException sqlite => (sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode == 1811, sqlite.Message), // SQLITE_CONSTRAINT_TRIGGER
            PostgresException postgres => (postgres.SqlState == PostgresErrorCodes.RestrictViolation, postgres.MessageText),
            _ => (false, error.ToString()),
        };
        Assert.True(refusal, $"{error.GetType().Name}: {message}");
        Assert.Contains($"{table} is append-only: correct the books with a reversal", message, StringComparison.Ordinal);
    }

    public async Task InitializeAsync()
    {
        Backend = await CreateAsync();
        var definition = new LedgerDefinition(Ledger, "Db", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn));
        await Backend.Store.CreateLedgerAsync(definition);
        var amount = Money.FromMinorUnits(500, Currency.CNY);
        var result = await new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 1, 0, 0))).PostAsync(Ledger,
            new JournalDraft(new LocalDate(2026, 3, 1), JournalKind.Sale, "sale", [LineDraft.Debit(Provider, "1002.01", amount), LineDraft.Credit(Provider, "4301.01", amount)])
            {
                Metadata = JournalMetadata.From(("sale.id", "s-1")),
            }, "k");
        Assert.True(result.Succeeded);
    }

    public async Task DisposeAsync() => await Backend.DisposeAsync();

    [Fact]
    public async Task VatStatus_IsStoredWithTheEntity_AndAnEntityWithoutOneReadsWithout()
    {
        var shop = new AccountingEntity(EntityId.From("shop"), "小规模", EntityKind.Provider, AccountingProfile.SmeCn)
            .WithVat(VatRegistration.SmallScale(100, Money.FromMinorUnits(3_000_000, Currency.CNY)));
        var studio = new AccountingEntity(EntityId.From("studio"), "一般纳税人", EntityKind.Provider, AccountingProfile.SmeCn).WithVat(VatRegistration.General());
        await Backend.Store.CreateLedgerAsync(new LedgerDefinition(LedgerId.From("vat"), "VAT", new LocalDate(2026, 1, 1)).WithEntity(shop).WithEntity(studio));

        var read = (await Backend.Store.GetLedgerAsync(LedgerId.From("vat")))!.Definition;

        Assert.Equal(shop.Vat, read.FindEntity(shop.Id)!.Vat);
        Assert.Equal(studio.Vat, read.FindEntity(studio.Id)!.Vat);
        Assert.Equal(studio.Chart.Accounts.Select(a => a.Code), read.FindEntity(studio.Id)!.Chart.Accounts.Select(a => a.Code));
        Assert.Null((await Backend.Store.GetLedgerAsync(Ledger))!.Definition.FindEntity(Provider)!.Vat);
    }

    [Fact]
    public async Task IncomeTaxRate_IsStoredWithTheEntity_AndAnEntityWithoutOneReadsWithout()
    {
        var shop = new AccountingEntity(EntityId.From("taxed"), "社区商店", EntityKind.Provider, AccountingProfile.SmeCn).WithIncomeTax(500);
        await Backend.Store.CreateLedgerAsync(new LedgerDefinition(LedgerId.From("income-tax"), "Income tax", new LocalDate(2026, 1, 1)).WithEntity(shop));

        var read = (await Backend.Store.GetLedgerAsync(LedgerId.From("income-tax")))!.Definition;

        Assert.Equal(500, read.FindEntity(shop.Id)!.IncomeTaxRateBasisPoints);
        Assert.Null((await Backend.Store.GetLedgerAsync(Ledger))!.Definition.FindEntity(Provider)!.IncomeTaxRateBasisPoints);
    }

    [Fact]
    public async Task Migrations_LeaveNoPendingModelChanges()
    {
        await using var context = OpenContext();

        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
        Assert.False(context.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task DatabaseOfThePreviousSchema_UpgradesWithItsLinesReadTheSameTheChainIntactAndItsStoredRepliesGone()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        var amount = Money.FromMinorUnits(700, Currency.CNY);
        JournalDraft Draft() => new(new LocalDate(2026, 3, 2), JournalKind.Sale, "sale with dimensions",
            [LineDraft.Debit(Provider, "1002.01", amount).With(DimensionNames.Counterparty, "hub"), LineDraft.Credit(Provider, "4301.01", amount).With(DimensionNames.Programme, "长者助餐")]);
        Assert.True((await engine.PostAsync(Ledger, Draft(), "dimensions")).Succeeded);
        var before = await Backend.Store.ReadJournalsAsync(Ledger, 0, 100);

        // Back to the schema before CompactLines (the lines keep their dimensions' JSON), then up again as an upgrade would.
        await using (var context = OpenContext())
        {
            await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(context).MigrateAsync("RecordSchemaVersion");
            Assert.DoesNotContain(context.Database.GetAppliedMigrations(), m => m.EndsWith("_CompactLines", StringComparison.Ordinal));
            // A reply the HTTP layer stored before replays were answered from the command's record.
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO documents (ledger_id, kind, key, owner, position, json, schema_version) VALUES ('db', 'http-idempotency', 'k', '', 0, '\"reply\"', 1)");
            await context.Database.MigrateAsync();
        }

        var after = await Backend.OpenAnother().ReadJournalsAsync(Ledger, 0, 100);
        Assert.Equal(before.Select(CanonicalForm.ComputeHash), after.Select(CanonicalForm.ComputeHash));
        Assert.Equal(before.SelectMany(j => j.Lines), after.SelectMany(j => j.Lines));
        Assert.True((await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger)).IsIntact);
        Assert.Empty(await Backend.OpenAnother().ListDocumentsAsync(Ledger, "http-idempotency", null));
        Assert.True((await new PostingEngine(Backend.OpenAnother(), new FakeClock(Instant.FromUtc(2026, 3, 3, 0, 0))).PostAsync(Ledger, Draft(), "after")).Succeeded);
    }

    [Fact]
    public async Task Metadata_IsStoredAsItsValuesUnderAKeySetStoredOnce_AndReadsBackTheSameMap()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        foreach (var (key, value) in new[] { ("k1", "长者助餐 \"quoted\" \\ back\\nslash <&>"), ("k2", string.Empty) })
        {
            Assert.True((await engine.PostAsync(Ledger, Draft(("sale.id", value), ("sale.note", "☃ \U0001F600"), ("a", "1")), key)).Succeeded);
        }

        var journals = await Backend.OpenAnother().ReadJournalsAsync(Ledger, 0, 100);

        Assert.Equal(("长者助餐 \"quoted\" \\ back\\nslash <&>", "☃ \U0001F600"), (journals[1].Metadata["sale.id"], journals[1].Metadata["sale.note"]));
        Assert.Equal(string.Empty, journals[2].Metadata["sale.id"]);
        Assert.Equal(["a", "sale.id", "sale.note"], journals[2].Metadata.Keys);
        Assert.Equal((2L, 2L), (await ScalarAsync("SELECT COUNT(*) FROM metadata_keys"), await ScalarAsync("SELECT COUNT(DISTINCT metadata_keys) FROM journals")));
        Assert.True((await ChainVerifier.VerifyAsync(Backend.OpenAnother(), Ledger)).IsIntact);
    }

    [Fact]
    public async Task DatabaseOfTheSchemaBeforeKeySets_UpgradesAndDowngradesWithItsMetadataHashesAndChainUnchanged()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        Assert.True((await engine.PostAsync(Ledger, Draft(("sale.id", "长者 \"1\""), ("sale.amount", "700")), UuidKey)).Succeeded);
        await Backend.Store.PutDocumentsAsync(Ledger, [new LedgerDocument("sale", UuidKey, "provider", 1, "{}")]);
        var before = await Backend.Store.ReadJournalsAsync(Ledger, 0, 100);

        // Back to the schema before CompactJournals (every journal's metadata a JSON object again), then up as an upgrade would.
        await using (var context = OpenContext())
        {
            await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(context).MigrateAsync("CompactLines");
            Assert.DoesNotContain(context.Database.GetAppliedMigrations(), m => m.EndsWith("_CompactJournals", StringComparison.Ordinal));
            await context.Database.MigrateAsync();
        }

        var upgraded = Backend.OpenAnother();
        Assert.True((await new PostingEngine(upgraded, new FakeClock(Instant.FromUtc(2026, 3, 3, 0, 0))).PostAsync(Ledger, Draft(("sale.id", "2")), "after")).Succeeded);
        var after = await upgraded.ReadJournalsAsync(Ledger, 0, 100);
        Assert.Equal(before.Select(CanonicalForm.ComputeHash), after.Take(before.Count).Select(CanonicalForm.ComputeHash));
        Assert.Equal(before.Select(j => j.Metadata), after.Take(before.Count).Select(j => j.Metadata));
        Assert.Equal((0L, 1L), (await ScalarAsync("SELECT COUNT(metadata_keys) FROM journals WHERE sequence <= 2"), await ScalarAsync("SELECT COUNT(metadata_keys) FROM journals WHERE sequence = 3")));
        Assert.Equal(2, (await upgraded.FindByIdempotencyKeyAsync(Ledger, UuidKey)).Single().Sequence);
        Assert.Equal(CanonicalForm.ComputeHash(before[1]), CanonicalForm.ComputeHash((await upgraded.GetJournalAsync(Ledger, before[1].Id))!));
        Assert.Equal(UuidKey, (await upgraded.GetDocumentAsync(Ledger, "sale", UuidKey))!.Key);
        Assert.True((await ChainVerifier.VerifyAsync(upgraded, Ledger)).IsIntact);
    }

    [Fact]
    public async Task DatabaseOfTheSchemaBeforeCompactChain_DowngradesAndUpgradesWithItsJournalsRecordsAndChainUnchanged()
    {
        await PostBatchSharingKeyAndSourceAsync();
        await Backend.Store.PutDocumentsAsync(Ledger, [new LedgerDocument("sale", UuidKey, "provider", 1, LongRecord)]);
        var before = await Backend.Store.ReadJournalsAsync(Ledger, 0, 100);
        Assert.True(await ScalarAsync(SharedValuesLeftToTheJournalBefore) > 0);

        // Down to the schema before CompactChain (every value written out), then up again as an upgrade would.
        await using (var context = OpenContext())
        {
            await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(context).MigrateAsync("CompactLineAccounts");
            Assert.DoesNotContain(context.Database.GetAppliedMigrations(), m => m.EndsWith("_CompactChain", StringComparison.Ordinal));
        }

        Assert.Equal(0L, await ScalarAsync(SharedValuesLeftToTheJournalBefore));
        if (StoreReadsTheSchemaBeforeCompactChain)
        {
            await AssertReadsAsBeforeAsync(before);
        }

        await using (var context = OpenContext())
        {
            await context.Database.MigrateAsync();
        }

        Assert.True(await ScalarAsync(SharedValuesLeftToTheJournalBefore) > 0);
        await AssertReadsAsBeforeAsync(before);
    }

    [Fact]
    public async Task AJournalReadAlone_TakesWhatItLeftToTheJournalBefore_AsAPageReadsIt()
    {
        await PostBatchSharingKeyAndSourceAsync();
        var store = Backend.OpenAnother();
        var page = await store.ReadJournalsAsync(Ledger, 0, 100);

        var third = (await store.GetJournalAsync(Ledger, page[3].Id))!;
        var fromTheMiddle = await store.ReadJournalsAsync(Ledger, 3, 100);

        Assert.Equal((page[2].Hash, "chain", page[1].RequestHash, "batch:1"), (third.PreviousHash, third.IdempotencyKey, third.RequestHash, third.SourceReference));
        Assert.Equal(CanonicalForm.ComputeHash(page[3]), CanonicalForm.ComputeHash(third));
        Assert.Equal(page.Skip(3).Select(CanonicalForm.ComputeHash), fromTheMiddle.Select(CanonicalForm.ComputeHash));
        Assert.Equal(page.Skip(1).Select(j => j.Hash), (await store.FindByIdempotencyKeyAsync(Ledger, "chain")).Select(CanonicalForm.ComputeHash));
    }

    [Fact]
    public async Task AnEmptySourceReference_IsTheCallersValue_NotTheMarkOfAValueLeftToTheJournalBefore()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        JournalDraft[] drafts = [Draft(("sale.id", "s-0")) with { SourceReference = "batch:1" }, Draft(("sale.id", "s-1")) with { SourceReference = "" }, Draft(("sale.id", "s-2")) with { SourceReference = "" }];
        Assert.True((await engine.PostBatchAsync(new PostingBatch(Ledger, [.. drafts], "empty"))).Succeeded);
        var store = Backend.OpenAnother();

        var page = await store.ReadJournalsAsync(Ledger, 1, 10);
        var alone = (await Task.WhenAll(page.Select(async j => (await store.GetJournalAsync(Ledger, j.Id))!.SourceReference))).ToList();

        Assert.Equal(["batch:1", "", ""], page.Select(j => j.SourceReference).ToList());
        Assert.Equal(["batch:1", "", ""], alone);
        Assert.True((await ChainVerifier.VerifyAsync(store, Ledger)).IsIntact);
    }

    /// <summary>Journals 2–4: one append of three journals under the key <c>chain</c>, all with the source reference
    /// <c>batch:1</c>.</summary>
    private async Task PostBatchSharingKeyAndSourceAsync()
    {
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        var drafts = Enumerable.Range(0, 3).Select(i => Draft(("sale.id", $"s-{i}")) with { SourceReference = "batch:1" });
        Assert.True((await engine.PostBatchAsync(new PostingBatch(Ledger, [.. drafts], "chain"))).Succeeded);
    }

    private async Task AssertReadsAsBeforeAsync(IReadOnlyList<Journal> before)
    {
        var store = Backend.OpenAnother();
        var after = await store.ReadJournalsAsync(Ledger, 0, 100);
        Assert.Equal(before.Select(j => (j.PreviousHash, j.IdempotencyKey, j.RequestHash, j.SourceReference)), after.Select(j => (j.PreviousHash, j.IdempotencyKey, j.RequestHash, j.SourceReference)));
        Assert.Equal(before.Select(CanonicalForm.ComputeHash), after.Select(CanonicalForm.ComputeHash));
        Assert.Equal(before[3].PreviousHash, (await store.GetJournalAsync(Ledger, before[3].Id))!.PreviousHash);
        Assert.True((await ChainVerifier.VerifyAsync(store, Ledger)).IsIntact);
        Assert.Equal(LongRecord, (await store.GetDocumentAsync(Ledger, "sale", UuidKey))!.Json);
    }

    /// <summary>Journal columns holding the empty value that leaves them to the journal before (<c>length</c> counts a
    /// BLOB's bytes on SQLite and a text's characters on PostgreSQL).</summary>
    private const string SharedValuesLeftToTheJournalBefore =
        "SELECT COUNT(*) FROM journals WHERE length(previous_hash) = 0 OR length(idempotency_key) = 0 OR length(source_reference) = 0";

    /// <summary>A record long enough to be stored compressed on SQLite.</summary>
    protected const string LongRecord = "{\"r\":{\"p\":\"provider\",\"k\":\"package-1\",\"t\":\"Paid\",\"q\":1,\"u\":\"100.00 CNY\",\"c\":\"WeChatPay\",\"dt\":\"2026-03-02\",\"rr\":\"长者 r-1\"},\"a\":\"100.00 CNY\"}";

    /// <summary>An idempotency key and record key in the form most clients send: a UUID's canonical text.</summary>
    protected const string UuidKey = "019e807a-ec9c-7bb8-9fc0-ed2088852b9a";

    [Fact]
    public async Task LinesKeepTheirEntityAccountAndUnit_StoredOnceEach_AndTheRegisterReadsAnAccountStoredUnderSeveralIds()
    {
        var count = Money.FromMinorUnits(8, Currency.COUNT);
        var engine = new PostingEngine(Backend.Store, new FakeClock(Instant.FromUtc(2026, 3, 2, 0, 0)));
        Assert.True((await engine.PostAsync(Ledger, new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Sale, "sessions",
            [LineDraft.Debit(Provider, "M500.02", count), LineDraft.Credit(Provider, "M500.09", count)]), "sessions")).Succeeded);
        // The same entity and account in another unit (a second id; the rules keep an account to one unit today).
        await OwnerExecuteAsync("INSERT INTO line_accounts (entity_id, account, unit) VALUES ('provider', '1002.01', 'HOUR')");
        var store = Backend.OpenAnother();

        Assert.Equal(["1002.01 CNY", "4301.01 CNY", "M500.02 COUNT", "M500.09 COUNT"],
            (await store.ReadJournalsAsync(Ledger, 0, 10)).SelectMany(j => j.Lines).Select(l => $"{l.Account} {l.Amount.Currency.Code}"));
        Assert.Equal(5L, await ScalarAsync("SELECT COUNT(*) FROM line_accounts"));
        Assert.Equal([1L], (await store.ReadAccountJournalsPageAsync(Ledger, Provider, AccountCode.Parse("1002.01"), null, null, null, 10)).Select(j => j.Sequence));
        Assert.Equal([2L], (await store.ReadAccountJournalsPageAsync(Ledger, Provider, AccountCode.Parse("M500.02"), null, null, null, 10)).Select(j => j.Sequence));
        Assert.Empty(await store.ReadAccountJournalsPageAsync(Ledger, Provider, AccountCode.Parse("1001.01"), null, null, null, 10));
    }

    /// <summary>Runs a statement through the owner's connection.</summary>
    private async Task OwnerExecuteAsync(string sql)
    {
        await using var context = OpenContext();
        await context.Database.ExecuteSqlRawAsync(sql);
    }

    private static JournalDraft Draft(params (string Key, string Value)[] metadata)
    {
        var amount = Money.FromMinorUnits(700, Currency.CNY);
        return new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Sale, "sale with metadata", [LineDraft.Debit(Provider, "1002.01", amount), LineDraft.Credit(Provider, "4301.01", amount)])
        {
            Metadata = JournalMetadata.From(metadata),
        };
    }

    /// <summary>A count read through the owner's connection.</summary>
    protected async Task<long> ScalarAsync(string sql)
    {
        await using var context = OpenContext();
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task IntegrityCheck_FindsAMaintainedBalanceThatDiffersFromTheJournals()
    {
        Assert.True((await LedgerIntegrity.CheckAsync(Backend.Store, Ledger)).IsSound);
        await Backend.ExecuteAsync("UPDATE balances SET debit = debit + 1 WHERE account = '1002.01'");

        var integrity = await LedgerIntegrity.CheckAsync(Backend.Store, Ledger);

        Assert.False(integrity.IsSound);
        Assert.Equal(new BalanceMismatch(Provider, AccountCode.Parse("1002.01"), "CNY", 501, 500), integrity.BalanceMismatches.Single());
    }

    [Theory]
    [InlineData("UPDATE journals SET memo = 'changed'")]
    [InlineData("DELETE FROM journals")]
    [InlineData("UPDATE journal_lines SET amount_minor = 1")]
    [InlineData("DELETE FROM journal_lines")]
    [InlineData("DELETE FROM idempotency_keys")]
    [InlineData("UPDATE dimension_sets SET json = 'x'")]
    [InlineData("DELETE FROM dimension_sets")]
    [InlineData("UPDATE metadata_keys SET json = 'x'")]
    [InlineData("DELETE FROM metadata_keys")]
    public async Task PostedRows_CannotBeChangedInTheDatabase(string sql)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Backend.ExecuteAsync(sql));

        AssertRefusedAsAppendOnly(error, sql);
        Assert.True((await ChainVerifier.VerifyAsync(Backend.Store, Ledger)).IsIntact);
    }
}
