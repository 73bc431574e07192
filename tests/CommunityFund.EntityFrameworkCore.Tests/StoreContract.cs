using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>
/// The contract every <see cref="ILedgerStore"/> keeps, run unchanged against the in-memory store, a SQLite file and
/// a real PostgreSQL server.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    protected static readonly LedgerId Ledger = LedgerId.From("contract");
    protected static readonly EntityId Provider = EntityId.From("provider");
    protected static readonly EntityId Hub = EntityId.From("hub");

    private IBackend? _backend;

    protected IBackend Backend => _backend ?? throw new InvalidOperationException("Not initialised.");

    protected ILedgerStore Store => Backend.Store;

    protected FakeClock Clock { get; } = new(Instant.FromUtc(2026, 3, 15, 2, 0, 0) + Duration.FromNanoseconds(123_456_789));

    protected PostingEngine Engine { get; private set; } = null!;

    protected LedgerDefinition Definition { get; } = new LedgerDefinition(Ledger, "Contract ledger", new LocalDate(2026, 1, 1))
        .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, AccountingProfile.NpoCn))
        .WithEntity(new AccountingEntity(Hub, "Hub", EntityKind.Hub, AccountingProfile.SmeCn));

    protected abstract Task<IBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        Engine = new PostingEngine(Store, Clock);
        Assert.True(await Store.CreateLedgerAsync(Definition));
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    protected static Money Cny(long fen) => Money.FromMinorUnits(fen, Currency.CNY);

    protected static JournalDraft Sale(long fen, LocalDate? date = null, string memo = "sale") =>
        new(date ?? new LocalDate(2026, 3, 2), JournalKind.Sale, memo,
        [
            LineDraft.Debit(Provider, "1002.01", Cny(fen)),
            LineDraft.Credit(Provider, "4301.01", Cny(fen)).With(DimensionNames.Tier, "paid"),
        ]);

    [Fact]
    public async Task CreateLedger_Twice_ReturnsFalse() => Assert.False(await Store.CreateLedgerAsync(Definition));

    [Fact]
    public async Task Definition_RoundTripsChartsAndEntities()
    {
        var entity = Definition.FindEntity(Provider)!;
        var changed = Definition.WithUpdatedEntity(entity with
        {
            Chart = entity.Chart.WithSubAccount(AccountCode.Parse("5201"), 1, "办公费", "Office").WithAccountDeactivated(AccountCode.Parse("1001")),
        });
        Assert.True(await Store.UpdateLedgerAsync(changed));

        var read = (await Store.GetLedgerAsync(Ledger))!.Definition;

        var chart = read.FindEntity(Provider)!.Chart;
        Assert.Equal(Describe(changed.FindEntity(Provider)!.Chart), Describe(chart));
        Assert.False(chart.Get(AccountCode.Parse("1001")).IsActive);
        Assert.Equal(AccountingProfile.SmeCn, read.FindEntity(Hub)!.Profile);
    }

    [Fact]
    public async Task PostedJournal_ReadsBackExactlyAndVerifies()
    {
        var draft = Sale(12_345) with { SourceReference = "doc:7", Metadata = JournalMetadata.From(("note", "第一笔")) };
        var posted = (await Engine.PostAsync(Ledger, draft, "key-1")).Journal;

        var read = (await Store.GetJournalAsync(Ledger, posted.Id))!;

        Assert.Equal(CanonicalForm.JournalBytes(posted), CanonicalForm.JournalBytes(read));
        Assert.Equal(posted.Hash, CanonicalForm.ComputeHash(read));
        Assert.True((await ChainVerifier.VerifyAsync(Store, Ledger)).IsIntact);
    }

    [Fact]
    public async Task ScannedPages_AreTheJournalsReadOneByOne()
    {
        var sale = (await Engine.PostAsync(Ledger, Sale(12_345) with { SourceReference = "doc:7", Metadata = JournalMetadata.From(("note", "第一笔")) }, "key-1")).Journal;
        await Engine.PostAsync(Ledger, Sale(678, memo: "其二"));
        await Engine.ReverseAsync(new ReversalRequest(Ledger, sale.Id, "wrong"));

        var page = await Store.ReadJournalsAsync(Ledger, 0, 10);

        Assert.Equal(3, page.Count);
        foreach (var scanned in page)
        {
            var alone = (await Store.GetJournalAsync(Ledger, scanned.Id))!;
            Assert.Equal(CanonicalForm.JournalBytes(alone), CanonicalForm.JournalBytes(scanned));
            Assert.Equal((alone.Sequence, alone.PreviousHash, alone.Hash), (scanned.Sequence, scanned.PreviousHash, scanned.Hash));
        }
    }

    [Fact]
    public async Task ManyPosts_KeepTheSequenceGaplessAndTheChainIntact()
    {
        for (var i = 1; i <= 30; i++)
        {
            await Engine.PostAsync(Ledger, Sale(i));
        }

        var verdict = await ChainVerifier.VerifyAsync(Store, Ledger, pageSize: 7);
        Assert.True(verdict.IsIntact, verdict.Problem);
        Assert.Equal(30, verdict.LastSequence);
    }

    [Fact]
    public async Task ReadJournals_PagesInSequenceOrder()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Engine.PostAsync(Ledger, Sale(i));
        }

        Assert.Equal([3L, 4L], (await Store.ReadJournalsAsync(Ledger, 2, 2)).Select(j => j.Sequence));
        Assert.Empty(await Store.ReadJournalsAsync(Ledger, 5, 10));
    }

    [Fact]
    public async Task Replay_ReturnsTheStoredOriginal_AndAnotherBodyConflicts()
    {
        var original = await Engine.PostAsync(Ledger, Sale(100), "key-1");
        var replay = await Engine.PostAsync(Ledger, Sale(100), "key-1");
        var conflict = await Engine.PostAsync(Ledger, Sale(101), "key-1");

        Assert.Equal((PostingOutcome.AlreadyExists, original.Journal.Id), (replay.Outcome, replay.Journal.Id));
        Assert.Equal(PostingOutcome.Conflict, conflict.Outcome);
    }

    [Fact]
    public async Task Batch_IsFoundWholeByItsKey()
    {
        var batch = await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(1), Sale(2), Sale(3)], "batch"));

        Assert.Equal(batch.Journals.Select(j => j.Id), (await Store.FindByIdempotencyKeyAsync(Ledger, "batch")).Select(j => j.Id));
    }

    [Fact]
    public async Task UsedIdempotencyKeys_AreTheKeysJournalsWerePostedUnder_AmongThoseAsked()
    {
        await Engine.PostAsync(Ledger, Sale(1), "used-1");
        await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(2), Sale(3)], "used-2"));
        await Engine.PostAsync(Ledger, Sale(4), "not-asked");

        var used = await Store.FindUsedIdempotencyKeysAsync(Ledger, ["used-1", "never", "used-2", "used-1"]);

        Assert.Equal(["used-1", "used-2"], used.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteDocuments_RemovesOnlyTheGivenKeysOfTheKind_AndNoJournal()
    {
        await Engine.PostAsync(Ledger, Sale(5, new LocalDate(2026, 1, 5)));
        await Store.PutDocumentsAsync(Ledger, [.. Enumerable.Range(1, 3).Select(i => new LedgerDocument("contract-log", $"k{i}", "a", i, "{}")), new LedgerDocument("contract-other", "k1", null, 0, "{}")]);

        var deleted = await Store.DeleteDocumentsAsync(Ledger, "contract-log", ["k1", "k2", "k9"]);

        Assert.Equal(2, deleted);
        Assert.Equal(["k3"], (await Store.ListDocumentsAsync(Ledger, "contract-log", null)).Select(d => d.Key));
        Assert.NotNull(await Store.GetDocumentAsync(Ledger, "contract-other", "k1"));
        await AssertUnchangedAsync(1, Cny(5));
    }

    [Fact]
    public async Task Reversal_IsFoundAndHappensOnce()
    {
        var original = (await Engine.PostAsync(Ledger, Sale(10))).Journal;
        var reversal = (await Engine.ReverseAsync(new ReversalRequest(Ledger, original.Id, "wrong"))).Journal;

        Assert.Equal(reversal.Id, (await Store.FindReversalAsync(Ledger, original.Id))!.Id);
        Assert.Equal(ErrorCodes.JournalAlreadyReversed, (await Engine.ReverseAsync(new ReversalRequest(Ledger, original.Id, "again"))).Errors.Single().Code);
    }

    [Fact]
    public async Task Reversals_AreTheJournalsThatReverseAnother_AfterTheCursor_InSequenceOrder_PageByPage()
    {
        var reversals = new List<long>();
        for (var i = 1; i <= 5; i++)
        {
            var original = (await Engine.PostAsync(Ledger, Sale(10 * i))).Journal;
            await Engine.PostAsync(Ledger, Sale(i));
            if (i != 3)
            {
                reversals.Add((await Engine.ReverseAsync(new ReversalRequest(Ledger, original.Id, $"wrong {i}"))).Journal.Sequence);
            }
        }

        var first = await Store.ReadReversalsAsync(Ledger, 0, 3);
        var rest = await Store.ReadReversalsAsync(Ledger, first[^1].Sequence, 3);

        Assert.Equal(reversals, first.Concat(rest).Select(j => j.Sequence));
        Assert.All(first.Concat(rest), j => Assert.NotNull(j.ReversalOf));
        Assert.Equal(reversals.Skip(2), (await Store.ReadReversalsAsync(Ledger, reversals[1], 10)).Select(j => j.Sequence));
        Assert.Empty(await Store.ReadReversalsAsync(Ledger, reversals[^1], 10));
    }

    [Fact]
    public async Task Balances_AreMaintainedAndKnownAsOfAnyDate()
    {
        await Engine.PostAsync(Ledger, Sale(100, new LocalDate(2026, 2, 1)));
        await Engine.PostAsync(Ledger, Sale(50, new LocalDate(2026, 3, 1)));
        await Engine.PostAsync(Ledger, Sale(25, new LocalDate(2026, 3, 1)));

        Assert.Equal(Cny(175), await BalanceAsync("1002.01", null));
        Assert.Equal(Cny(100), await BalanceAsync("1002.01", new LocalDate(2026, 2, 28)));
        Assert.Equal(Cny(0), await BalanceAsync("1002.01", new LocalDate(2026, 1, 31)));
        var trialBalance = await TrialBalance.BuildAsync(Store, Ledger, Provider, new LocalDate(2026, 3, 1));
        Assert.Equal((Cny(175), Cny(175)), (trialBalance.Sections.Single().TotalDebitBalance, trialBalance.Sections.Single().TotalCreditBalance));
        Assert.True(trialBalance.IsBalanced);
    }

    [Fact]
    public async Task ConcurrentWritersThroughSeparateEngines_NeverBreakTheChain()
    {
        var engines = Enumerable.Range(0, 4).Select(_ => new PostingEngine(Backend.OpenAnother(), Clock)).ToArray();

        await Task.WhenAll(engines.Select((engine, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var result = await engine.PostAsync(Ledger, Sale(w * 100 + i + 1), $"w{w}-{i}");
                Assert.Equal(PostingOutcome.Created, result.Outcome);
            }
        })));

        var integrity = await LedgerIntegrity.CheckAsync(Store, Ledger);
        Assert.True(integrity.IsSound, integrity.Chain.Problem + string.Join("; ", integrity.BalanceMismatches));
        Assert.Equal(60, integrity.Chain.LastSequence);
    }

    [Fact]
    public async Task RaceOnOneKey_YieldsExactlyOneJournalAndEveryCallerGetsIt()
    {
        var engines = Enumerable.Range(0, 6).Select(_ => new PostingEngine(Backend.OpenAnother(), Clock)).ToArray();

        var results = await Task.WhenAll(engines.Select(engine => Task.Run(() => engine.PostAsync(Ledger, Sale(777), "the-key"))));

        Assert.Single(results, r => r.Outcome == PostingOutcome.Created);
        Assert.All(results, r => Assert.Equal(results[0].Journal.Id, r.Journal.Id));
        Assert.Single(await Store.ReadJournalsAsync(Ledger, 0, 100));
    }

    private static string[] Describe(ChartOfAccounts chart) =>
        [.. chart.Accounts.Select(a => $"{a.Code}|{a.NameZh}|{a.NameEn}|{a.Type}|{a.NormalSide}|{a.Unit}|{a.IsActive}|{string.Join(",", a.RequiredDimensions)}")];

    private async Task<Money> BalanceAsync(string account, LocalDate? asOf) =>
        (await Store.GetBalancesAsync(Ledger, Provider, asOf)).SingleOrDefault(b => b.Account == AccountCode.Parse(account))?.Balance ?? Cny(0);

    [Fact]
    public async Task ListLedgers_GivesEveryLedger_InIdOrder_WithItsDefinitionAndHead()
    {
        await Engine.PostAsync(Ledger, Sale(500));
        Assert.True(await Store.CreateLedgerAsync(new LedgerDefinition(LedgerId.From("aaa-first"), "First by id", new LocalDate(2026, 7, 1), "Europe/Paris")));

        var ledgers = await Store.ListLedgersAsync();

        Assert.Equal(["aaa-first", Ledger.Value], ledgers.Select(l => l.Definition.Id.Value));
        Assert.Equal(("First by id", "Europe/Paris", 0L), (ledgers[0].Definition.Name, ledgers[0].Definition.TimeZoneId, ledgers[0].Head.Sequence));
        Assert.Equal((await Store.GetLedgerAsync(Ledger))!.Head, ledgers[1].Head);
        Assert.Equal(2, ledgers[1].Definition.Entities.Count);
    }

    [Fact]
    public async Task UpdateLedger_PlannedOnAStaleVersion_IsRefused_AndTheNewerDefinitionStays()
    {
        var planned = (await Store.GetLedgerAsync(Ledger))!;
        var first = planned.Definition.WithEntity(new AccountingEntity(EntityId.From("first"), "First", EntityKind.Provider, AccountingProfile.NpoCn));
        var second = planned.Definition.WithEntity(new AccountingEntity(EntityId.From("second"), "Second", EntityKind.Provider, AccountingProfile.NpoCn));

        Assert.True(await Store.UpdateLedgerAsync(first, planned.DefinitionVersion));
        Assert.False(await Store.UpdateLedgerAsync(second, planned.DefinitionVersion));

        var now = (await Store.GetLedgerAsync(Ledger))!;
        Assert.NotNull(now.Definition.FindEntity(EntityId.From("first")));
        Assert.Null(now.Definition.FindEntity(EntityId.From("second")));
        Assert.True(now.DefinitionVersion > planned.DefinitionVersion);
    }

    /// <summary>A correctly chained journal after the current head, built as the engine would (for direct appends).</summary>
    private async Task<Journal> NextJournalAsync(JournalDraft draft) => (await NextJournalsAsync(draft))[0];

    /// <summary>The journals the drafts would be, posted one after the other on the stored head (nothing is written).</summary>
    protected async Task<IReadOnlyList<Journal>> NextJournalsAsync(params JournalDraft[] drafts)
    {
        var scratch = new InMemoryLedgerStore();
        var state = (await Store.GetLedgerAsync(Ledger))!;
        await scratch.CreateLedgerAsync(state.Definition);
        foreach (var journal in await Store.ReadJournalsAsync(Ledger, 0, 10_000))
        {
            await scratch.AppendAsync(new AppendRequest(Ledger, journal.Sequence - 1, [journal], null, null));
        }

        var engine = new PostingEngine(scratch, Clock);
        var next = new List<Journal>();
        foreach (var draft in drafts)
        {
            next.Add((await engine.PostAsync(Ledger, draft)).Journal);
        }

        return next;
    }
}

public sealed class InMemoryStoreContract : StoreContract
{
    protected override async Task<IBackend> CreateBackendAsync() => await Task.FromResult<IBackend>(new InMemoryBackend());
}

public sealed class SqliteStoreContract : StoreContract
{
    protected override async Task<IBackend> CreateBackendAsync() => await SqliteBackend.CreateAsync();
}
