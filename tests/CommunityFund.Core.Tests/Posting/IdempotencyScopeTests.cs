using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Posting;

/// <summary>Idempotency keys scoped to the calling API key (issue 21, item 8), and books written before scoping: a
/// scoped key that is not found replays the raw key's record only when the request is the same.</summary>
public class IdempotencyScopeTests
{
    private readonly Community.CommunityBooks _books = Create();

    private static DonationReceipt Receipt(decimal amount = 100m) => new(Fund, new LocalDate(2026, 3, 2), Cny(amount), "d-1");

    [Fact]
    public void ScopedKey_IsTheCallersKeyIdAndTheHeaderValue()
    {
        Assert.Equal("k1~sale-1", IdempotencyScope.Of("k1", "sale-1"));
        Assert.Equal("sale-1", IdempotencyScope.Legacy("k1~sale-1"));
        Assert.Equal("a~b:chart", IdempotencyScope.Legacy("k1~a~b:chart"));
    }

    [Fact]
    public void ScopedKey_OfALongHeader_IsHashedWithinTheStoredLength_AndHasNoLegacyForm()
    {
        var scoped = IdempotencyScope.Of("0123456789abcdef", new string('x', PostingLimits.MaxIdempotencyKeyLength));

        Assert.True(scoped.Length <= PostingLimits.MaxIdempotencyKeyLength - 16);
        Assert.StartsWith("0123456789abcdef~#sha256:", scoped, StringComparison.Ordinal);
        Assert.NotEqual(scoped, IdempotencyScope.Of("0123456789abcdef", new string('y', PostingLimits.MaxIdempotencyKeyLength)));
        Assert.Null(IdempotencyScope.Legacy(scoped));
    }

    [Fact]
    public async Task SameHeaderFromTwoCallers_WithDifferentContent_PostsBoth_NoConflict()
    {
        var first = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, Receipt(100m), IdempotencyScope.Of("k1", "same"));
        var second = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, Receipt(200m), IdempotencyScope.Of("k2", "same"));

        Assert.Equal((PostingOutcome.Created, PostingOutcome.Created), (first.Outcome, second.Outcome));
        Assert.Equal(2, (await _books.Ledgers.GetLedgerAsync(CommunityLedger))!.Head.Sequence);
    }

    [Fact]
    public async Task JournalPostedUnderTheRawKeyBeforeScoping_ScopedRetryOfTheSameRequest_Replays()
    {
        var before = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, Receipt(), "retry-1");

        var after = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, Receipt(), IdempotencyScope.Of("k1", "retry-1"));

        Assert.Equal(PostingOutcome.AlreadyExists, after.Outcome);
        Assert.True(after.Replayed);
        Assert.Equal(before.Value!.Id, after.Value!.Id);
        Assert.Equal(1, (await _books.Ledgers.GetLedgerAsync(CommunityLedger))!.Head.Sequence);
    }

    [Fact]
    public async Task JournalPostedUnderTheRawKeyBeforeScoping_ScopedRequestWithOtherContent_IsANewRequest()
    {
        await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, Receipt(100m), "someone-elses");

        var other = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, Receipt(300m), IdempotencyScope.Of("k2", "someone-elses"));

        Assert.Equal(PostingOutcome.Created, other.Outcome);
        Assert.Equal(2, (await _books.Ledgers.GetLedgerAsync(CommunityLedger))!.Head.Sequence);
    }

    [Fact]
    public async Task CommandRecordedUnderTheRawKeyBeforeScoping_ScopedRetry_AnswersTheFirstValue()
    {
        var before = await _books.Agreements.RegisterAsync(CommunityLedger, Lease(), "register-1");

        var after = await _books.Agreements.RegisterAsync(CommunityLedger, Lease(), IdempotencyScope.Of("k1", "register-1"));

        Assert.Equal((PostingOutcome.Created, PostingOutcome.AlreadyExists), (before.Outcome, after.Outcome));
        Assert.True(after.Replayed);
    }

    [Fact]
    public void EngineBatchPostedUnderTheRawKeyBeforeScoping_ScopedRetry_Replays()
    {
        var books = TestBooks.Create();
        var before = books.PostBatch("batch-1", TestBooks.Sale(1m), TestBooks.Sale(2m));

        var after = books.PostBatch(IdempotencyScope.Of("k1", "batch-1"), TestBooks.Sale(1m), TestBooks.Sale(2m));
        var other = books.PostBatch(IdempotencyScope.Of("k2", "batch-1"), TestBooks.Sale(5m));

        Assert.Equal(PostingOutcome.AlreadyExists, after.Outcome);
        Assert.Equal(before.Journals.Select(j => j.Id), after.Journals.Select(j => j.Id));
        Assert.Equal(PostingOutcome.Created, other.Outcome);
    }
}
