using System.Collections.Immutable;
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
public abstract class StoreContract : IAsyncLifetime
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
    public async Task AccountJournals_AreThoseWithALineOnTheAccount_DatedInTheRange_InSequenceOrder()
    {
        for (var i = 0; i < 1_200; i++)
        {
            var date = new LocalDate(2026, 1 + (i % 3), 1 + (i % 28));
            var draft = i % 3 == 0
                ? new JournalDraft(date, JournalKind.Manual, $"hub {i}", [LineDraft.Debit(Hub, "1002.01", Cny(5 + i)), LineDraft.Credit(Hub, "5001.01", Cny(5 + i))])
                : Sale(10 + i, date, $"sale {i}");
            Assert.True((await Engine.PostAsync(Ledger, draft)).Succeeded);
        }

        var from = new LocalDate(2026, 2, 3);
        var to = new LocalDate(2026, 2, 16);
        var expected = new List<long>();
        await foreach (var journal in Store.StreamJournalsAsync(Ledger))
        {
            if (journal.AccountingDate >= from && journal.AccountingDate <= to && journal.Lines.Any(l => l.Entity == Provider && l.Account.Value == "1002.01"))
            {
                expected.Add(journal.Sequence);
            }
        }

        var read = new List<Journal>();
        await foreach (var journal in Store.ReadAccountJournalsAsync(Ledger, Provider, AccountCode.Parse("1002.01"), from, to))
        {
            read.Add(journal);
        }

        Assert.True(expected.Count > 100);
        Assert.Equal(expected, read.Select(j => j.Sequence));
        Assert.All(read, j => Assert.Equal(j.Hash, CanonicalForm.ComputeHash(j))); // whole journals, every line
        var all = new List<long>();
        await foreach (var journal in Store.ReadAccountJournalsAsync(Ledger, Hub, AccountCode.Parse("1002.01"), null, null))
        {
            all.Add(journal.Sequence);
        }

        Assert.Equal(400, all.Count);
    }

    [Fact]
    public async Task AccountJournalPages_AreTheAccountsJournals_ByDateThenSequence_EachOnce()
    {
        await PostInterleavedAsync();
        var (from, to) = (new LocalDate(2026, 2, 3), new LocalDate(2026, 2, 16));
        var expected = new List<Journal>();
        await foreach (var journal in Store.ReadAccountJournalsAsync(Ledger, Provider, AccountCode.Parse("1002.01"), from, to))
        {
            expected.Add(journal);
        }

        var paged = new List<Journal>();
        JournalCursor? after = null;
        for (IReadOnlyList<Journal> page; (page = await Store.ReadAccountJournalsPageAsync(Ledger, Provider, AccountCode.Parse("1002.01"), from, to, after, 37)).Count > 0;)
        {
            paged.AddRange(page);
            after = new JournalCursor(page[^1].AccountingDate, page[^1].Sequence);
        }

        Assert.Equal(expected.OrderBy(j => j.AccountingDate).ThenBy(j => j.Sequence).Select(j => j.Sequence), paged.Select(j => j.Sequence));
        Assert.All(paged, j => Assert.Equal(j.Hash, CanonicalForm.ComputeHash(j))); // whole journals, every line
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("provider", false)]
    [InlineData("hub", true)]
    public async Task KindJournalPages_AreTheKindsJournalsWithALineOnTheEntity_ByDateThenId_EachOnce(string? entity, bool ranged)
    {
        // Distributions (the provider's, every other one with a line on the hub too) among manual journals, dates back and forth.
        for (var i = 0; i < 600; i++)
        {
            var date = new LocalDate(2026, 1 + (i % 3), 1 + (i * 7 % 28));
            ImmutableArray<LineDraft> lines = i % 4 == 1
                ? [.. Sale(10 + i).Lines, LineDraft.Debit(Hub, "1002.01", Cny(1)), LineDraft.Credit(Hub, "5001.01", Cny(1))]
                : Sale(10 + i).Lines;
            var draft = new JournalDraft(date, i % 2 == 0 ? JournalKind.Manual : JournalKind.Distribution, $"j {i}", lines)
            {
                Metadata = i % 3 == 0 ? JournalMetadata.Empty : JournalMetadata.From(("sale.id", $"s-{i}"), ("n", $"{i}")), // heads read their metadata
            };
            Assert.True((await Engine.PostAsync(Ledger, draft)).Succeeded);
        }

        EntityId? on = entity is null ? null : entity == "hub" ? Hub : Provider;
        var (from, to) = ranged ? ((LocalDate?)new LocalDate(2026, 1, 20), (LocalDate?)new LocalDate(2026, 3, 5)) : (null, null);
        var expected = new List<Journal>();
        await foreach (var journal in Store.ReadDatedJournalsAsync(Ledger, from, to))
        {
            if (journal.Kind == JournalKind.Distribution && (on is null || journal.Lines.Any(l => l.Entity == on)))
            {
                expected.Add(journal);
            }
        }

        var paged = new List<JournalHead>();
        DatedJournalId? after = null;
        for (IReadOnlyList<JournalHead> page; (page = await Store.ReadKindJournalsPageAsync(Ledger, JournalKind.Distribution, on, from, to, after, 37)).Count > 0;)
        {
            paged.AddRange(page);
            after = new DatedJournalId(page[^1].AccountingDate, page[^1].Id);
        }

        if (!ranged)
        {
            Assert.Equal(on == Hub ? 150 : 300, expected.Count); // every distribution has the provider's lines; every other one the hub's
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(j => j.AccountingDate).ThenBy(j => j.Id).Select(j => Shape(JournalHead.Of(j))), paged.Select(Shape));
        static string Shape(JournalHead h) => $"{h.Sequence}|{h.Id}|{h.AccountingDate}|{h.Kind}|{string.Join(",", h.Metadata)}";
    }

    [Fact]
    public async Task RegisterPages_TogetherAreTheWholeRegister_EachOpeningWhereTheLastClosed()
    {
        await PostInterleavedAsync();
        var (from, to) = (new LocalDate(2026, 1, 10), new LocalDate(2026, 2, 20));
        var whole = await AccountRegister.BuildAsync(Store, Ledger, Provider, AccountCode.Parse("1002.01"), from, to);
        var lines = new List<RegisterLine>();
        var opening = whole.Opening;
        JournalCursor? after = null;
        do
        {
            var page = await AccountRegister.BuildPageAsync(Store, Ledger, Provider, AccountCode.Parse("1002.01"), from, to, after, 41);
            Assert.Equal(opening, page.Register.Opening);
            lines.AddRange(page.Register.Lines);
            (opening, after) = (page.Register.Closing, page.Next);
        }
        while (after is not null);

        Assert.Equal(whole.Lines, lines);
        Assert.Equal(whole.Closing, opening);
    }

    /// <summary>1,200 journals whose dates jump back and forth (back-dating in open periods): a third the hub's, the rest
    /// the provider's sales.</summary>
    private async Task PostInterleavedAsync()
    {
        for (var i = 0; i < 1_200; i++)
        {
            var date = new LocalDate(2026, 1 + (i % 3), 1 + (i % 28));
            var draft = i % 3 == 0
                ? new JournalDraft(date, JournalKind.Manual, $"hub {i}", [LineDraft.Debit(Hub, "1002.01", Cny(5 + i)), LineDraft.Credit(Hub, "5001.01", Cny(5 + i))])
                : Sale(10 + i, date, $"sale {i}");
            Assert.True((await Engine.PostAsync(Ledger, draft)).Succeeded);
        }
    }

    [Fact]
    public async Task RecordPages_TogetherAreTheListedRecords_InTheSameOrder()
    {
        await Store.PutDocumentsAsync(Ledger, [.. Enumerable.Range(0, 300).Select(i => new LedgerDocument("contract-paged", $"k{i % 7}-{i}", i % 3 == 0 ? "a" : "b", i % 5, "{}"))]);
        foreach (var owner in new[] { null, "a" })
        {
            var paged = new List<LedgerDocument>();
            DocumentCursor? after = null;
            for (IReadOnlyList<LedgerDocument> page; (page = await Store.ListDocumentsPageAsync(Ledger, "contract-paged", owner, after, 13)).Count > 0;)
            {
                paged.AddRange(page);
                after = DocumentCursor.After(page[^1]);
            }

            Assert.Equal(await Store.ListDocumentsAsync(Ledger, "contract-paged", owner), paged);
        }
    }

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
    public async Task Append_OnAStaleHead_WritesNothing()
    {
        var first = (await Engine.PostAsync(Ledger, Sale(1))).Journal;
        var stale = first with { };

        Assert.Equal(AppendOutcome.HeadMoved, await Store.AppendAsync(new AppendRequest(Ledger, 0, [stale], null, null)));
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task Append_WithATakenKey_WritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1), "taken");
        var next = await NextJournalAsync(Sale(5));

        Assert.Equal(AppendOutcome.IdempotencyKeyTaken, await Store.AppendAsync(new AppendRequest(Ledger, 1, [next], "taken", "x")));
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task Append_OfASecondReversal_WritesNothing()
    {
        var original = (await Engine.PostAsync(Ledger, Sale(10))).Journal;
        await Engine.ReverseAsync(new ReversalRequest(Ledger, original.Id, "wrong"));
        var second = (await NextJournalAsync(Sale(10))) with { ReversalOf = original.Id };

        Assert.Equal(AppendOutcome.AlreadyReversed, await Store.AppendAsync(new AppendRequest(Ledger, 2, [second], null, null)));
        await AssertUnchangedAsync(2, Cny(0));
    }

    [Fact]
    public async Task Append_ToALedgerThatDoesNotExist_SaysSo_AndWritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1));
        var next = await NextJournalAsync(Sale(5));

        Assert.Equal(AppendOutcome.LedgerNotFound, await Store.AppendAsync(new AppendRequest(LedgerId.From("nowhere"), 1, [next], "elsewhere", "x")));
        Assert.Null(await Store.GetLedgerAsync(LedgerId.From("nowhere")));
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task Append_IntoAClosedPeriod_WritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        Assert.True((await Engine.ClosePeriodAsync(Ledger, new YearMonth(2026, 1))).Closed);
        var late = await NextJournalAsync(Sale(7, new LocalDate(2026, 1, 31)));

        Assert.Equal(AppendOutcome.PeriodClosed, await Store.AppendAsync(new AppendRequest(Ledger, 1, [late], null, null)));
        Assert.Equal(new LocalDate(2026, 1, 31), (await Store.GetLedgerAsync(Ledger))!.Head.ClosedThrough);
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task ClosePeriod_OnlyMovesFromWhereTheCallerSawIt()
    {
        Assert.True(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 1, 31)));
        Assert.False(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 2, 28)));
        Assert.True(await Store.ClosePeriodAsync(Ledger, new LocalDate(2026, 1, 31), new LocalDate(2026, 2, 28)));
    }

    [Fact]
    public async Task ClosePeriod_WithItsRecord_WritesTheRecordWithTheLock()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        var record = new LedgerDocument("contract-close", "2026-01", null, 1, "{}");

        Assert.True(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 1, 31), 1, [record]));

        Assert.Equal(new LocalDate(2026, 1, 31), (await Store.GetLedgerAsync(Ledger))!.Head.ClosedThrough);
        Assert.Equal(record, await Store.GetDocumentAsync(Ledger, "contract-close", "2026-01"));
    }

    [Fact]
    public async Task ClosePeriod_WithItsRecord_OnAMovedHeadOrLock_WritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        var record = new LedgerDocument("contract-close", "2026-01", null, 0, "{}");

        Assert.False(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 1, 31), 0, [record]));
        Assert.False(await Store.ClosePeriodAsync(Ledger, new LocalDate(2025, 12, 31), new LocalDate(2026, 1, 31), 1, [record]));

        Assert.Null((await Store.GetLedgerAsync(Ledger))!.Head.ClosedThrough);
        Assert.Null(await Store.GetDocumentAsync(Ledger, "contract-close", "2026-01"));
    }

    [Fact]
    public async Task EachPeriodClose_LeavesOneRecord_AfterTheHead_WhetherOrNotItPostedJournals()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        Assert.True((await Engine.ClosePeriodAsync(Ledger, new YearMonth(2026, 1))).Closed);
        Assert.True((await new PeriodClosing(Store, Engine).CloseAsync(Ledger, new YearMonth(2026, 2))).Close.Closed);

        var closes = await PeriodCloseRecords.ListAsync(Store, Ledger);

        Assert.Equal([new YearMonth(2026, 1), new YearMonth(2026, 2)], closes.Select(c => c.Period));
        Assert.Equal([1L, 1L], closes.Select(c => c.AfterSequence));
        Assert.All(closes, c => Assert.Empty(c.ClosingJournals));
        Assert.Equal([new LocalDate(2026, 1, 31), new LocalDate(2026, 2, 28)], closes.Select(c => c.ClosedThrough));
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

    private async Task AssertUnchangedAsync(long sequence, Money bank)
    {
        var state = (await Store.GetLedgerAsync(Ledger))!;
        Assert.Equal(sequence, state.Head.Sequence);
        Assert.Equal(sequence, (await Store.ReadJournalsAsync(Ledger, 0, 1000)).Count);
        Assert.Equal(bank, await BalanceAsync("1002.01", null));
        Assert.True((await LedgerIntegrity.CheckAsync(Store, Ledger)).IsSound);
    }

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

    [Fact]
    public async Task Record_KeepsItsSchemaVersion_WrittenAloneOrWithJournals()
    {
        var alone = new LedgerDocument("contract-record", "alone", "provider", 3, "{\"v\":3}") { SchemaVersion = 3 };
        var unversioned = new LedgerDocument("contract-record", "default", null, 0, "{}");
        var withJournal = new LedgerDocument("contract-record", "with-journal", null, 1, "{\"v\":2}") { SchemaVersion = 2 };
        await Store.PutDocumentsAsync(Ledger, [alone, unversioned]);
        Assert.True((await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(100)]) { Documents = _ => [withJournal] })).Succeeded);

        var read = await Store.ListDocumentsAsync(Ledger, "contract-record", null);

        Assert.Equal([("default", 1), ("with-journal", 2), ("alone", 3)], read.Select(d => (d.Key, d.SchemaVersion)));
        Assert.Equal(3, (await Store.GetDocumentAsync(Ledger, "contract-record", "alone"))!.SchemaVersion);
    }

    [Fact]
    public async Task RecordsByKeys_AreTheStoredOnesOfThatKind_AbsentKeysLeftOut()
    {
        var stored = Enumerable.Range(0, 1_200).Select(i => new LedgerDocument("contract-keyed", $"k{i:0000}", null, i, $"{{\"i\":{i}}}")).ToList();
        await Store.PutDocumentsAsync(Ledger, [.. stored, new LedgerDocument("contract-other", "k0001", null, 0, "{}")]);
        string[] wanted = [.. Enumerable.Range(0, 1_200).Where(i => i % 2 == 0).Select(i => $"k{i:0000}"), "k9999", "k0000"];

        var read = await Store.GetDocumentsAsync(Ledger, "contract-keyed", wanted);

        Assert.Equal(stored.Where((_, i) => i % 2 == 0).Select(d => (d.Key, d.Json)), read.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, d.Json)));
    }

    [Fact]
    public async Task ManyRecordsWrittenAtOnce_KeepTheLastWriteOfEachKey_WithinAndAcrossChunks()
    {
        // 2,500 writes of 1,000 keys: every key is written in more than one of the store's chunks of documents, and
        // the keys 0–99 twice in a row as well.
        var writes = Enumerable.Range(0, 2_500).Select(i => (Key: $"k{i % 1_000:0000}", Value: i))
            .SelectMany(w => w.Value < 100 ? [w, (w.Key, Value: w.Value + 10_000)] : new[] { w })
            .Select(w => new LedgerDocument("contract-chunked", w.Key, null, w.Value, $"{{\"v\":{w.Value}}}")).ToList();

        await Store.PutDocumentsAsync(Ledger, writes);

        var expected = writes.GroupBy(d => d.Key).Select(g => (g.Key, g.Last().Json)).OrderBy(d => d.Key, StringComparer.Ordinal);
        var read = await Store.ListDocumentsAsync(Ledger, "contract-chunked", null);
        Assert.Equal(expected, read.Select(d => (d.Key, d.Json)).OrderBy(d => d.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordsAtTheHead_AreWritten_WhileTheHeadIsWhereTheWriterSawIt()
    {
        var head = (await Store.GetLedgerAsync(Ledger))!.Head.Sequence;

        var written = await Store.PutDocumentsAtHeadAsync(Ledger, head, [new LedgerDocument("contract-head", "at-head", null, head, "{}")]);

        Assert.True(written);
        Assert.NotNull(await Store.GetDocumentAsync(Ledger, "contract-head", "at-head"));
    }

    [Fact]
    public async Task RecordsAtTheHead_AreNotWritten_OnceAJournalMovedIt()
    {
        var head = (await Store.GetLedgerAsync(Ledger))!.Head.Sequence;
        Assert.True((await Engine.PostBatchAsync(new PostingBatch(Ledger, [Sale(100)]))).Succeeded);

        var written = await Store.PutDocumentsAtHeadAsync(Ledger, head, [new LedgerDocument("contract-head", "late", null, head, "{}")]);

        Assert.False(written);
        Assert.Null(await Store.GetDocumentAsync(Ledger, "contract-head", "late"));
    }

    [Fact]
    public async Task StreamedRecords_AreTheListedOnes_InTheSameOrder()
    {
        await Store.PutDocumentsAsync(Ledger, [.. Enumerable.Range(0, 1_200).Select(i => new LedgerDocument("contract-streamed", $"k{i % 7}-{i}", i % 3 == 0 ? "a" : "b", i % 5, "{}") { SchemaVersion = 1 + (i % 2) })]);

        foreach (var owner in new[] { null, "a" })
        {
            var listed = await Store.ListDocumentsAsync(Ledger, "contract-streamed", owner);
            var streamed = new List<LedgerDocument>();
            await foreach (var document in Store.StreamDocumentsAsync(Ledger, "contract-streamed", owner))
            {
                streamed.Add(document);
            }

            Assert.Equal(listed, streamed);
        }
    }

    [Fact]
    public async Task Snapshot_ReadsTheBooksAsTheyWereWhenOpened_WhileMoreIsWritten()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
        }

        await Store.PutDocumentsAsync(Ledger, [new LedgerDocument("contract-snapshot", "before", null, 0, "{}")]);

        await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await Engine.PostAsync(Ledger, Sale(1_000))).Succeeded);
        }

        await Store.PutDocumentsAsync(Ledger, [new LedgerDocument("contract-snapshot", "after", null, 0, "{}"), new LedgerDocument("contract-snapshot", "before", null, 0, """{"rewritten":true}""")]);

        Assert.True(snapshot.IsIsolated);
        Assert.Equal(3, (await snapshot.Store.GetLedgerAsync(Ledger))!.Head.Sequence);
        Assert.Equal([1L, 2L, 3L], await SequencesAsync(snapshot.Store));
        Assert.Equal(300, (await snapshot.Store.GetBalancesAsync(Ledger, Provider, null)).Single(b => b.Account.Value == "1002.01").DebitMinorUnits);
        Assert.Equal(["before"], (await snapshot.Store.ListDocumentsAsync(Ledger, "contract-snapshot", null)).Select(d => d.Key));
        Assert.Equal("{}", (await snapshot.Store.GetDocumentAsync(Ledger, "contract-snapshot", "before"))!.Json);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], await SequencesAsync(Store));
    }

    [Fact]
    public async Task Snapshot_RefusesWrites()
    {
        var journal = await NextJournalAsync(Sale(100));
        await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);

        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshot.Store.AppendAsync(new AppendRequest(Ledger, 0, [journal], null, null)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => snapshot.Store.PutDocumentsAsync(Ledger, [new LedgerDocument("contract-snapshot", "written", null, 0, "{}")]));

        Assert.Empty(await SequencesAsync(Store));
        Assert.Null(await Store.GetDocumentAsync(Ledger, "contract-snapshot", "written"));
    }

    [Fact]
    public async Task Snapshot_OpenedAfterOthersWereDisposed_SeesItsOwnMoment()
    {
        // Snapshots reuse the store's connections: one given back still in its read transaction would show an old moment.
        for (var i = 1; i <= 5; i++)
        {
            Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
            await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);
            Assert.Equal(i, (await snapshot.Store.GetLedgerAsync(Ledger))!.Head.Sequence);
        }

        Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
        Assert.Equal(6, (await Store.GetLedgerAsync(Ledger))!.Head.Sequence);
    }

    [Fact]
    public async Task SnapshotOfASnapshot_ReadsTheSameMoment()
    {
        Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);
        await using var snapshot = await LedgerSnapshot.OpenAsync(Store, Ledger);
        Assert.True((await Engine.PostAsync(Ledger, Sale(100))).Succeeded);

        await using var again = await LedgerSnapshot.OpenAsync(snapshot.Store, Ledger);

        Assert.True(again.IsIsolated);
        Assert.Equal([1L], await SequencesAsync(again.Store));
    }

    private static async Task<List<long>> SequencesAsync(ILedgerStore store)
    {
        var sequences = new List<long>();
        await foreach (var journal in store.StreamJournalsAsync(Ledger))
        {
            sequences.Add(journal.Sequence);
        }

        return sequences;
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
