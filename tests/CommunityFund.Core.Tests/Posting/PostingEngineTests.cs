using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.TestBooks;

namespace CommunityFund.Tests.Posting;

public class PostingEngineTests
{
    private readonly TestBooks _books = TestBooks.Create();

    [Fact]
    public void Post_BalancedJournal_IsCreatedWithTheFirstSequence()
    {
        var result = _books.Post(Sale(1000m));

        Assert.Equal(PostingOutcome.Created, result.Outcome);
        Assert.Equal(1, result.Journal.Sequence);
        Assert.Equal(Journal.GenesisHash, result.Journal.PreviousHash);
        Assert.Equal(_books.Clock.GetCurrentInstant(), result.Journal.RecordedAt);
    }

    [Fact]
    public void Post_UpdatesBalancesPerEntityAndAccount()
    {
        _books.Post(Sale(1000m));

        Assert.Equal(Cny(1000m), _books.Balance(Provider, "1002.01"));
        Assert.Equal(Cny(-1000m), _books.Balance(Provider, "4301.01"));
    }

    [Fact]
    public void Post_SequencesAreGaplessAndHashesChain()
    {
        var first = _books.Post(Sale(1m)).Journal;
        _books.Rejection(Sale(0m));
        var second = _books.Post(Sale(2m)).Journal;

        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
    }

    [Fact]
    public void Post_UnbalancedJournal_NamesTheEntityUnitAndRemainder()
    {
        var error = Assert.Single(_books.Rejection(Draft(
            LineDraft.Debit(Provider, "1002.01", Cny(100m)),
            LineDraft.Credit(Provider, "4301.01", Cny(99m)))));

        Assert.Equal(ErrorCodes.JournalUnbalanced, error.Code);
        Assert.Equal("Entity 'provider', CNY: debits 100.00 ≠ credits 99.00; credits short by 1.00.", error.Message);
    }

    [Fact]
    public void Post_BalancedOverallButNotPerEntity_IsRefused()
    {
        var errors = _books.Rejection(Draft(
            LineDraft.Debit(Provider, "1002.01", Cny(100m)),
            LineDraft.Credit(Hub, "5001.01", Cny(100m))));

        Assert.Equal(2, errors.Count(e => e.Code == ErrorCodes.JournalUnbalanced));
    }

    [Fact]
    public void Post_OneLine_IsRefused() =>
        Assert.Equal(ErrorCodes.JournalTooFewLines, Assert.Single(_books.Rejection(Draft(LineDraft.Debit(Provider, "1002.01", Cny(1m))))).Code);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Post_NonPositiveAmount_IsRefused(int fen)
    {
        var amount = Money.FromMinorUnits(fen, Currency.CNY);
        var errors = _books.Rejection(Draft(LineDraft.Debit(Provider, "1002.01", amount), LineDraft.Credit(Provider, "4301.01", amount)));

        Assert.All(errors, e => Assert.Equal(ErrorCodes.LineAmountNotPositive, e.Code));
        Assert.Equal("journals[0].lines[0].amount", errors[0].Field);
    }

    [Fact]
    public void Post_NullLine_IsRefusedNotThrown() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Provider, "1002.01", Cny(1m)), null!)), e => e.Code == ErrorCodes.LineMissing);

    [Fact]
    public void PostBatch_NullJournal_IsRefusedNotThrown() =>
        Assert.Equal(ErrorCodes.JournalMissing, _books.PostBatch(null, Sale(1m), null!).Errors.Single().Code);

    [Fact]
    public void Post_UnknownAccount_IsRefused() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Provider, "1003", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))),
            e => e.Code == ErrorCodes.AccountNotFound && e.Field == "journals[0].lines[0].account");

    [Fact]
    public void Post_AccountOfAnotherProfile_IsRefused() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Hub, "1002.01", Cny(1m)), LineDraft.Credit(Hub, "4301.01", Cny(1m)))),
            e => e.Code == ErrorCodes.AccountNotFound);

    [Fact]
    public void Post_ParentAccount_IsRefused() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Provider, "1002", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))),
            e => e.Code == ErrorCodes.AccountNotLeaf);

    [Fact]
    public void Post_UnknownEntity_IsRefused() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(EntityId.From("stranger"), "1002.01", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))),
            e => e.Code == ErrorCodes.EntityNotFound);

    [Fact]
    public void Post_MemoUnitOnAMoneyAccount_IsRefused()
    {
        var hours = Money.FromMinorUnits(100, Currency.HOUR);
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Provider, "1002.01", hours), LineDraft.Credit(Provider, "M100", hours))),
            e => e.Code == ErrorCodes.AccountUnitMismatch && e.Field == "journals[0].lines[0].amount");
    }

    [Fact]
    public void Post_MoneyOnAMemoAccount_IsRefused() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Provider, "M110", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))),
            e => e.Code == ErrorCodes.AccountUnitMismatch);

    [Fact]
    public void Post_MemoTransfer_BalancesInItsOwnUnit()
    {
        var hours = Money.FromMinorUnits(250, Currency.HOUR);
        var result = _books.Post(Draft(
            LineDraft.Debit(Provider, "M110", hours).With(DimensionNames.Member, "r-001"),
            LineDraft.Credit(Provider, "M100", hours)));

        Assert.Equal(PostingOutcome.Created, result.Outcome);
    }

    [Fact]
    public void Post_CnyMemoLineCannotBalanceAMoneyLine() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Provider, "M400.01", Cny(5m)), LineDraft.Credit(Provider, "4301.01", Cny(5m)))),
            e => e.Code == ErrorCodes.JournalUnbalanced && e.Message.Contains("memo CNY", StringComparison.Ordinal));

    [Fact]
    public void Post_RestrictedRevenueWithoutRestriction_IsRefused() =>
        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Fund, "1002.02", Cny(10m)), LineDraft.Credit(Fund, "4101.02", Cny(10m)))),
            e => e.Code == ErrorCodes.LineDimensionRequired);

    [Fact]
    public void Post_RestrictedRevenueNamingItsRestriction_IsCreated() =>
        Assert.Equal(PostingOutcome.Created, _books.Post(Draft(
            LineDraft.Debit(Fund, "1002.02", Cny(10m)),
            LineDraft.Credit(Fund, "4101.02", Cny(10m)).With(DimensionNames.Restriction, "elderly-meals"))).Outcome);

    [Fact]
    public void Post_DeactivatedAccount_IsRefused()
    {
        var entity = _books.Definition.FindEntity(Provider)!;
        var updated = _books.Definition.WithUpdatedEntity(entity with { Chart = entity.Chart.WithAccountDeactivated(AccountCode.Parse("1001")) });
        _books.UpdateLedger(updated);

        Assert.Contains(_books.Rejection(Draft(LineDraft.Debit(Provider, "1001", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))),
            e => e.Code == ErrorCodes.AccountInactive);
    }

    [Fact]
    public void Post_BeforeBooksStart_IsRefused() =>
        Assert.Contains(_books.Rejection(Sale(1m, new LocalDate(2025, 12, 31))), e => e.Code == ErrorCodes.PeriodBeforeBooksStart);

    [Fact]
    public void Post_ReversalKind_IsReserved() =>
        Assert.Contains(_books.Rejection(Sale(1m) with { Kind = JournalKind.Reversal }), e => e.Code == ErrorCodes.JournalKindInvalid);

    [Fact]
    public void Post_UnknownLedger_IsRefused() =>
        Assert.Equal(ErrorCodes.LedgerNotFound, _books.PostTo(LedgerId.From("nowhere"), Sale(1m)).Errors.Single().Code);

    [Fact]
    public void Post_SameKeySameContent_ReturnsTheOriginal()
    {
        var original = _books.Post(Sale(10m), "key-1");
        var replay = _books.Post(Sale(10m), "key-1");

        Assert.Equal(PostingOutcome.AlreadyExists, replay.Outcome);
        Assert.Equal(original.Journal, replay.Journal);
        Assert.Single(_books.AllJournals());
    }

    [Fact]
    public void Post_SameKeyOtherContent_IsAConflict()
    {
        _books.Post(Sale(10m), "key-1");
        var conflict = _books.Post(Sale(11m), "key-1");

        Assert.Equal(PostingOutcome.Conflict, conflict.Outcome);
        Assert.Equal(ErrorCodes.IdempotencyConflict, conflict.Errors.Single().Code);
        Assert.Single(_books.AllJournals());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("中文")]
    public void Post_MalformedKey_IsRefused(string key) =>
        Assert.Equal(ErrorCodes.IdempotencyKeyInvalid, _books.Post(Sale(1m), key).Errors.Single().Code);

    [Fact]
    public void PostBatch_OneBadJournal_PostsNothing()
    {
        var batch = new PostingBatch(TestBooks.Ledger, [Sale(1m), Sale(0m)]);
        var result = _books.PostBatch(batch);

        Assert.Equal(PostingOutcome.Rejected, result.Outcome);
        Assert.All(result.Errors, e => Assert.StartsWith("journals[1]", e.Field));
        Assert.Empty(_books.AllJournals());
    }

    [Fact]
    public void PostBatch_AllGood_PostsConsecutiveSequences()
    {
        var result = _books.PostBatch("batch-1", Sale(1m), Sale(2m));

        Assert.Equal([1L, 2L], result.Journals.Select(j => j.Sequence));
        Assert.Equal(PostingOutcome.AlreadyExists, _books.PostBatch("batch-1", Sale(1m), Sale(2m)).Outcome);
    }

    [Fact]
    public void Reverse_CreatesALinkedMirrorJournal()
    {
        var original = _books.Post(Sale(100m)).Journal;
        var reversal = Reverse(original.Id).Journal;

        Assert.Equal(JournalKind.Reversal, reversal.Kind);
        Assert.Equal(original.Id, reversal.ReversalOf);
        Assert.Equal(original.Lines.Select(l => l.Side == Side.Debit ? Side.Credit : Side.Debit), reversal.Lines.Select(l => l.Side));
        Assert.Equal(Cny(0m), _books.Balance(Provider, "1002.01"));
    }

    [Fact]
    public void Reverse_WithoutDate_IsDatedTodayInTheLedgersZone()
    {
        _books.Clock.Reset(Instant.FromUtc(2026, 3, 15, 17, 0)); // 01:00 on 16 March in Shanghai
        var original = _books.Post(Sale(100m)).Journal;

        Assert.Equal(new LocalDate(2026, 3, 16), Reverse(original.Id).Journal.AccountingDate);
    }

    [Fact]
    public void Reverse_Twice_IsRefused()
    {
        var original = _books.Post(Sale(100m)).Journal;
        Reverse(original.Id);

        Assert.Equal(ErrorCodes.JournalAlreadyReversed, Reverse(original.Id).Errors.Single().Code);
    }

    [Fact]
    public void Reverse_AReversal_IsRefused()
    {
        var reversal = Reverse(_books.Post(Sale(100m)).Journal.Id).Journal;

        Assert.Equal(ErrorCodes.JournalIsReversal, Reverse(reversal.Id).Errors.Single().Code);
    }

    [Fact]
    public void Reverse_UnknownJournal_IsRefused() =>
        Assert.Equal(ErrorCodes.JournalNotFound, Reverse(new JournalId(Guid.NewGuid())).Errors.Single().Code);

    [Fact]
    public void Reverse_DatedBeforeTheOriginal_IsRefused()
    {
        var original = _books.Post(Sale(100m)).Journal;

        Assert.Equal(ErrorCodes.ReversalDateBeforeOriginal, Reverse(original.Id, original.AccountingDate.PlusDays(-1)).Errors.Single().Code);
    }

    [Fact]
    public void Reverse_WithoutReason_IsRefused()
    {
        var original = _books.Post(Sale(100m)).Journal;
        var result = _books.Reverse(new ReversalRequest(TestBooks.Ledger, original.Id, " "));

        Assert.Equal(ErrorCodes.ReversalReasonRequired, result.Errors.Single().Code);
    }

    [Fact]
    public void Reverse_ReplayedWithItsKey_ReturnsTheSameReversal()
    {
        var original = _books.Post(Sale(100m)).Journal;
        var request = new ReversalRequest(TestBooks.Ledger, original.Id, "duplicate entry", IdempotencyKey: "rev-1");
        var first = _books.Reverse(request);
        var replay = _books.Reverse(request);

        Assert.Equal(PostingOutcome.AlreadyExists, replay.Outcome);
        Assert.Equal(first.Journal.Id, replay.Journal.Id);
    }

    [Fact]
    public void ClosePeriod_LocksPostingAndReversalInsideIt()
    {
        var original = _books.Post(Sale(100m, new LocalDate(2026, 1, 20))).Journal;
        Assert.True(Close(2026, 1).Closed);

        Assert.Contains(_books.Rejection(Sale(1m, new LocalDate(2026, 1, 31))), e => e.Code == ErrorCodes.PeriodClosed);
        Assert.Equal(ErrorCodes.PeriodClosed, Reverse(original.Id, new LocalDate(2026, 1, 31)).Errors.Single().Code);
        Assert.Equal(PostingOutcome.Created, Reverse(original.Id, new LocalDate(2026, 2, 1)).Outcome);
    }

    [Fact]
    public void ClosePeriod_OutOfOrder_IsRefused() => Assert.Equal(ErrorCodes.PeriodNotNext, Close(2026, 2).Errors.Single().Code);

    [Fact]
    public void ClosePeriod_Twice_IsRefused()
    {
        Close(2026, 1);

        Assert.Equal(ErrorCodes.PeriodAlreadyClosed, Close(2026, 1).Errors.Single().Code);
    }

    [Fact]
    public void Balances_AsOfADate_IncludeOnlyJournalsDatedByThen()
    {
        _books.Post(Sale(100m, new LocalDate(2026, 2, 1)));
        _books.Post(Sale(50m, new LocalDate(2026, 3, 1)));

        Assert.Equal(Cny(100m), _books.Balance(Provider, "1002.01", new LocalDate(2026, 2, 28)));
        Assert.Equal(Cny(150m), _books.Balance(Provider, "1002.01"));
    }

    [Fact]
    public async Task Post_ConcurrentWriters_KeepTheSequenceGaplessAndTheChainIntact()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var result = await _books.Engine.PostAsync(TestBooks.Ledger, Sale(1m), $"w{worker}-{i}");
                Assert.Equal(PostingOutcome.Created, result.Outcome);
            }
        })));

        var verification = await ChainVerifier.VerifyAsync(_books.Store, TestBooks.Ledger);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(400, verification.LastSequence);
    }

    private PostingResult Reverse(JournalId id, LocalDate? date = null) =>
        _books.Reverse(new ReversalRequest(TestBooks.Ledger, id, "entered twice", date));

    private PeriodCloseResult Close(int year, int month) =>
        _books.Engine.ClosePeriodAsync(TestBooks.Ledger, new YearMonth(year, month)).GetAwaiter().GetResult();
}
