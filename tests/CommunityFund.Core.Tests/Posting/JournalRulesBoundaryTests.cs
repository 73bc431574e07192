using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.TestBooks;

namespace CommunityFund.Tests.Posting;

/// <summary>The posting rules at their exact limits: the last value accepted and the first refused.</summary>
public class JournalRulesBoundaryTests
{
    private readonly TestBooks _books = TestBooks.Create();

    private PostingOutcome Outcome(JournalDraft draft, string? key = null) => _books.Post(draft, key).Outcome;

    private string[] Codes(JournalDraft draft, string? key = null) => [.. _books.Post(draft, key).Errors.Select(e => e.Code)];

    [Theory]
    [InlineData("!")]
    [InlineData("~")]
    [InlineData("key-0123456789")]
    public void IdempotencyKey_OfPrintableAsciiFromBangToTilde_IsAccepted(string key) =>
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m), key));

    [Fact]
    public void IdempotencyKey_OfTheMaximumLength_IsAccepted() =>
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m), new string('k', PostingLimits.MaxIdempotencyKeyLength)));

    [Theory]
    [InlineData(201, 'k')]
    [InlineData(1, ' ')]
    [InlineData(1, '\u007f')]
    [InlineData(1, '\u0080')]
    public void IdempotencyKey_TooLongOrOutsideBangToTilde_IsRefused(int length, char c) =>
        Assert.Equal([ErrorCodes.IdempotencyKeyInvalid], Codes(Sale(1m), new string(c, length)));

    [Fact]
    public void Memo_OfTheMaximumLength_IsAccepted() =>
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m) with { Memo = new string('m', PostingLimits.MaxMemoLength) }));

    [Fact]
    public void Memo_OneCharacterTooLong_IsRefused() =>
        Assert.Equal([ErrorCodes.JournalMemoInvalid], Codes(Sale(1m) with { Memo = new string('m', PostingLimits.MaxMemoLength + 1) }));

    [Fact]
    public void Memo_WithANewline_IsAccepted_ButWithATab_IsRefused()
    {
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m) with { Memo = "line one\nline two" }));
        Assert.Equal([ErrorCodes.JournalMemoInvalid], Codes(Sale(1m) with { Memo = "a\tb" }));
    }

    [Fact]
    public void SourceReference_OfTheMaximumLength_IsAccepted_AndOneMoreIsRefused()
    {
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m) with { SourceReference = new string('s', PostingLimits.MaxSourceReferenceLength) }));
        Assert.Equal([ErrorCodes.JournalSourceInvalid], Codes(Sale(1m) with { SourceReference = new string('s', PostingLimits.MaxSourceReferenceLength + 1) }));
    }

    [Fact]
    public void Metadata_AtItsMaximumKeyAndValueLengths_IsAccepted() =>
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m) with
        {
            Metadata = JournalMetadata.From((new string('k', JournalMetadata.MaxKeyLength), new string('v', JournalMetadata.MaxValueLength))),
        }));

    [Theory]
    [InlineData(JournalMetadata.MaxKeyLength + 1, 1, "v")]
    [InlineData(1, JournalMetadata.MaxValueLength + 1, "v")]
    [InlineData(1, 1, "\n")]
    public void Metadata_OverItsLimitsOrWithAControlCharacter_IsRefused(int keyLength, int valueLength, string fill) =>
        Assert.Equal([ErrorCodes.JournalMetadataInvalid], Codes(Sale(1m) with
        {
            Metadata = JournalMetadata.From((new string('k', keyLength), string.Concat(Enumerable.Repeat(fill, valueLength)))),
        }));

    [Fact]
    public void Lines_AtTheMaximumCount_AreAccepted_AndOneMoreIsRefused()
    {
        LineDraft[] Pairs(int count) => [.. Enumerable.Range(0, count).SelectMany(_ => new[] { LineDraft.Debit(Provider, "1002.01", Cny(0.01m)), LineDraft.Credit(Provider, "4301.01", Cny(0.01m)) })];

        Assert.Equal(PostingOutcome.Created, Outcome(Draft(Pairs(PostingLimits.MaxLinesPerJournal / 2))));
        Assert.Equal([ErrorCodes.JournalTooManyLines], Codes(Draft([.. Pairs(PostingLimits.MaxLinesPerJournal / 2), LineDraft.Debit(Provider, "1002.01", Cny(0.01m))])));
    }

    [Fact]
    public void Lines_OneLine_IsRefusedAsTooFew() =>
        Assert.Equal([ErrorCodes.JournalTooFewLines], Codes(Draft(LineDraft.Debit(Provider, "1002.01", Cny(1m)))));

    [Fact]
    public void Amount_OfOneFen_IsAccepted_AndZeroIsRefused()
    {
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(0.01m)));
        Assert.Contains(ErrorCodes.LineAmountNotPositive, Codes(Sale(0m)));
    }

    [Fact]
    public void Lines_OffByOneFen_AreRefusedAsUnbalanced() =>
        Assert.Equal([ErrorCodes.JournalUnbalanced], Codes(Draft(LineDraft.Debit(Provider, "1002.01", Cny(1.00m)), LineDraft.Credit(Provider, "4301.01", Cny(0.99m)))));

    [Fact]
    public void Date_OnTheFirstDayOfTheBooks_IsAccepted_AndTheDayBeforeIsRefused()
    {
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m, BooksStart)));
        Assert.Equal([ErrorCodes.PeriodBeforeBooksStart], Codes(Sale(1m, BooksStart.PlusDays(-1))));
    }

    [Fact]
    public async Task Date_OnTheLastClosedDay_IsRefused_AndTheDayAfterIsAccepted()
    {
        Assert.True((await _books.Engine.ClosePeriodAsync(TestBooks.Ledger, new YearMonth(2026, 1))).Closed);

        Assert.Equal([ErrorCodes.PeriodClosed], Codes(Sale(1m, new LocalDate(2026, 1, 31))));
        Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m, new LocalDate(2026, 2, 1))));
    }

    [Fact]
    public void Memo_Empty_IsAccepted() => Assert.Equal(PostingOutcome.Created, Outcome(Sale(1m) with { Memo = string.Empty }));

    [Fact]
    public void Lines_Default_AreRefusedAsTooFew() =>
        Assert.Equal([ErrorCodes.JournalTooFewLines], Codes(Sale(1m) with { Lines = default }));

    [Fact]
    public void AnInvalidLine_IsTheOnlyErrorReported_NotAlsoAnImbalance()
    {
        Assert.Equal([ErrorCodes.EntityNotFound], Codes(Draft(LineDraft.Debit(EntityId.From("nobody"), "1002.01", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))));
        Assert.Equal([ErrorCodes.LineMissing], Codes(Draft(null!, LineDraft.Credit(Provider, "4301.01", Cny(1m)), LineDraft.Debit(Provider, "1002.01", Cny(2m)))));
    }

    [Fact]
    public void Lines_WhoseSumsOverflow_AreRefused_NotWrappedAround()
    {
        var huge = Money.FromMinorUnits(long.MaxValue, Currency.CNY);
        var errors = _books.Post(Draft(
            LineDraft.Debit(Provider, "1002.01", huge), LineDraft.Debit(Provider, "1002.01", Cny(0.01m)),
            LineDraft.Credit(Provider, "4301.01", huge), LineDraft.Credit(Provider, "4301.01", Cny(0.01m)))).Errors;

        Assert.Equal([(ErrorCodes.LineAmountNotPositive, "journals[0].lines[1].amount")], errors.Select(e => (e.Code, e.Field)));
    }

    [Fact]
    public void Line_WithAnUnknownSide_IsRefused() =>
        Assert.Contains(ErrorCodes.LineSideInvalid, Codes(Draft(new LineDraft(Provider, AccountCode.Parse("1002.01"), (Side)3, Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))));

    [Fact]
    public void Line_WithoutAnEntityOrAnAccount_IsRefused()
    {
        Assert.Equal([ErrorCodes.EntityNotFound], Codes(Draft(new LineDraft(default, AccountCode.Parse("1002.01"), Side.Debit, Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))));
        Assert.Equal([ErrorCodes.AccountNotFound], Codes(Draft(new LineDraft(Provider, default, Side.Debit, Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m)))));
    }

    public static TheoryData<string, JournalDraft, string> Refusals() => new()
    {
        { ErrorCodes.JournalKindInvalid, Sale(1m) with { Kind = JournalKind.Reversal }, "journals[0].kind" },
        { ErrorCodes.JournalMemoInvalid, Sale(1m) with { Memo = "a\tb" }, "journals[0].memo" },
        { ErrorCodes.JournalSourceInvalid, Sale(1m) with { SourceReference = "a\tb" }, "journals[0].sourceReference" },
        { ErrorCodes.PeriodBeforeBooksStart, Sale(1m, BooksStart.PlusDays(-1)), "journals[0].accountingDate" },
        { ErrorCodes.JournalMetadataInvalid, Sale(1m) with { Metadata = JournalMetadata.From(("note", "a\tb")) }, "journals[0].metadata.note" },
        { ErrorCodes.JournalTooFewLines, Draft(LineDraft.Debit(Provider, "1002.01", Cny(1m))), "journals[0].lines" },
        { ErrorCodes.JournalUnbalanced, Draft(LineDraft.Debit(Provider, "1002.01", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(2m))), "journals[0].lines" },
        { ErrorCodes.EntityNotFound, Draft(LineDraft.Debit(EntityId.From("nobody"), "1002.01", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m))), "journals[0].lines[0].entity" },
        { ErrorCodes.AccountNotFound, Draft(LineDraft.Debit(Provider, "1999.99", Cny(1m)), LineDraft.Credit(Provider, "4301.01", Cny(1m))), "journals[0].lines[0].account" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void EachRefusal_NamesTheFieldAtFault(string code, JournalDraft draft, string field) =>
        Assert.Contains((code, field), _books.Post(draft).Errors.Select(e => (e.Code, e.Field)));
}
