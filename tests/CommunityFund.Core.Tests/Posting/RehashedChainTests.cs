using System.Collections.Immutable;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;

namespace CommunityFund.Tests.Posting;

/// <summary>
/// Journals edited and then rehashed — each still matches its own hash — are found by the link to the journal before
/// them, by the stored head, or, when the whole tail and the head were rewritten, only by a checkpoint someone kept.
/// </summary>
public class RehashedChainTests
{
    private const int Journals = 10;
    private readonly TestBooks _books = TestBooks.Create();
    private readonly List<Journal> _chain;

    public RehashedChainTests()
    {
        for (var i = 1; i <= Journals; i++)
        {
            Assert.Equal(PostingOutcome.Created, _books.Post(TestBooks.Sale(i)).Outcome);
        }

        _chain = [.. _books.AllJournals()];
    }

    private ChainCheckpoint Head => Rehash.At(_chain, Journals);

    [Fact]
    public void OneJournalEditedAndRehashed_StillMatchesItsOwnHash()
    {
        var rewritten = Rehash.Apply(_chain, edited: 4, through: 4);

        Assert.NotEqual(_chain[3].Hash, rewritten[3].Hash);
        Assert.Equal(rewritten[3].Hash, CanonicalForm.ComputeHash(rewritten[3]));
    }

    [Fact]
    public void OneJournalEditedAndRehashed_IsFoundAtTheNextJournal_WhichNamesTheOldHash()
    {
        var verdict = ChainVerifier.Verify(Rehash.Apply(_chain, edited: 4, through: 4), Head);

        Assert.False(verdict.IsIntact);
        Assert.Equal((5L, 4L), (verdict.FirstBadSequence!.Value, verdict.LastSequence));
        Assert.StartsWith("Journal 5 names previous hash", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void OneJournalEditedAndRehashed_IsFoundWithoutAnyHeadToCompareWith()
    {
        var verdict = ChainVerifier.Verify(Rehash.Apply(_chain, edited: 4, through: 4));

        Assert.Equal(5L, verdict.FirstBadSequence);
    }

    [Fact]
    public void ARunOfJournalsRehashed_IsFoundAtTheFirstJournalAfterTheRun()
    {
        var verdict = ChainVerifier.Verify(Rehash.Apply(_chain, edited: 3, through: 7), Head);

        Assert.Equal(8L, verdict.FirstBadSequence);
        Assert.StartsWith("Journal 8 names previous hash", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLastJournalEditedAndRehashed_IsFoundByTheHead()
    {
        var verdict = ChainVerifier.Verify(Rehash.Apply(_chain, edited: Journals, through: Journals), Head);

        Assert.Equal(Journals + 1L, verdict.FirstBadSequence);
        Assert.StartsWith($"The head says sequence {Journals} with hash {Head.Hash}", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunRehashedToTheEnd_IsFoundByTheHeadItNoLongerReaches()
    {
        var verdict = ChainVerifier.Verify(Rehash.Apply(_chain, edited: 4, through: Journals), Head);

        Assert.False(verdict.IsIntact);
        Assert.Equal(Journals + 1L, verdict.FirstBadSequence);
    }

    [Fact]
    public void ARunRehashedToTheEnd_IsAChainThatVerifiesOnItsOwn_SoTheHeadOrACheckpointMustBeKeptElsewhere()
    {
        var rewritten = Rehash.Apply(_chain, edited: 4, through: Journals);

        var verdict = ChainVerifier.Verify(rewritten, Rehash.At(rewritten, Journals));

        Assert.True(verdict.IsIntact, verdict.Problem);
        Assert.NotEqual(Head.Hash, verdict.LastHash);
    }

    [Fact]
    public async Task InTheStore_OneJournalEditedAndRehashed_IsFoundAtTheNextJournal()
    {
        var store = new RewrittenStore(_books.Store, Rehash.Apply(_chain, edited: 4, through: 4), moveHead: false);

        var verdict = await ChainVerifier.VerifyAsync(store, TestBooks.Ledger, pageSize: 3);

        Assert.Equal(5L, verdict.FirstBadSequence);
        Assert.StartsWith("Journal 5 names previous hash", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InTheStore_ARunRehashedToTheEnd_IsFoundByTheStoredHead()
    {
        var store = new RewrittenStore(_books.Store, Rehash.Apply(_chain, edited: 4, through: Journals), moveHead: false);

        var verdict = await ChainVerifier.VerifyAsync(store, TestBooks.Ledger, pageSize: 3);

        Assert.Equal(Journals + 1L, verdict.FirstBadSequence);
        Assert.StartsWith("The head says", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InTheStore_ATailRehashedFromBeforeAKeptCheckpoint_WithTheHeadMoved_IsFoundOnlyByTheCheckpoint()
    {
        var kept = Rehash.At(_chain, 6);
        var store = new RewrittenStore(_books.Store, Rehash.Apply(_chain, edited: 4, through: Journals), moveHead: true);

        var chain = await ChainVerifier.VerifyAsync(store, TestBooks.Ledger);
        var audit = await LedgerAudit.RunAsync(store, new LedgerEconomyStore(store), TestBooks.Ledger, [kept]);

        Assert.True(chain.IsIntact, chain.Problem);
        var finding = Assert.Single(audit.Findings, f => f.Code.StartsWith("checkpoint.", StringComparison.Ordinal) || f.Code == "chain.broken");
        Assert.Equal(("checkpoint.diverged", 6L), (finding.Code, finding.Sequence!.Value));
        Assert.Equal(0, audit.CheckpointsVerified);
        Assert.False(audit.IsSound);
    }

    [Fact]
    public async Task InTheStore_ATailRehashedAfterAKeptCheckpoint_KeepsTheCheckpointVerified()
    {
        var kept = Rehash.At(_chain, 3);
        var store = new RewrittenStore(_books.Store, Rehash.Apply(_chain, edited: 4, through: Journals), moveHead: true);

        var audit = await LedgerAudit.RunAsync(store, new LedgerEconomyStore(store), TestBooks.Ledger, [kept]);

        Assert.Equal(1, audit.CheckpointsVerified);
        Assert.DoesNotContain(audit.Findings, f => f.Code.StartsWith("checkpoint.", StringComparison.Ordinal) || f.Code == "chain.broken");
    }

    [Fact]
    public void TheLastJournalMadeUnbalancedAndRehashed_IsFoundUnbalanced()
    {
        var last = _chain[^1];
        var unbalanced = Rehash.WithLines(last, last.Lines.SetItem(0, last.Lines[0] with { Amount = last.Lines[0].Amount.Plus(Money.FromMinorUnits(1, Currency.CNY)) }));

        var verdict = ChainVerifier.Verify([.. _chain.SkipLast(1), unbalanced]);

        Assert.Equal((false, Journals, Journals - 1L), (verdict.IsIntact, verdict.FirstBadSequence!.Value, verdict.LastSequence));
        Assert.Equal("Journal 10 does not balance: entity 'provider' CNY is off by 1 minor units.", verdict.Problem);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1_000L)]
    public void TheLastJournalWithANonPositiveLineRehashed_IsFoundUnbalanced(long minorUnits)
    {
        var last = _chain[^1];
        var lines = last.Lines.Select(l => l with { Amount = Money.FromMinorUnits(minorUnits, Currency.CNY) }).ToImmutableArray();

        var verdict = ChainVerifier.Verify([.. _chain.SkipLast(1), Rehash.WithLines(last, lines)]);

        Assert.Equal(Journals, verdict.FirstBadSequence);
        Assert.Equal("Journal 10 does not balance: a line of 1002.01 has a non-positive amount.", verdict.Problem);
    }

    [Fact]
    public void AJournalNamingAPreviousHashThatIsNotHex_IsFoundAtItsLink()
    {
        var first = _chain[0];
        var broken = new Journal(first.Id, first.Ledger, 1, first.AccountingDate, first.RecordedAt, first.Kind, first.Memo, first.Lines, "zz", first.Hash);

        var verdict = ChainVerifier.Verify([broken, .. _chain.Skip(1)]);

        Assert.Equal(1L, verdict.FirstBadSequence);
        Assert.StartsWith("Journal 1 names previous hash zz", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnIntactChain_ReportsItsLength_AndEndsAtItsHead()
    {
        var verdict = ChainVerifier.Verify(_chain, Head);

        Assert.Equal(new ChainVerification(true, Journals, Journals, Head.Hash, null, null), verdict);
    }

    [Fact]
    public void AChainShorterThanItsHead_IsFoundCutShort()
    {
        var verdict = ChainVerifier.Verify(_chain.SkipLast(2), Head);

        Assert.Equal((false, Journals - 1L, Journals - 2L), (verdict.IsIntact, verdict.FirstBadSequence!.Value, verdict.LastSequence));
    }

    [Fact]
    public void AnEmptyChain_IsIntactAtTheGenesisHash()
    {
        var verdict = ChainVerifier.Verify([]);

        Assert.Equal(new ChainVerification(true, 0, 0, Journal.GenesisHash, null, null), verdict);
    }

    [Fact]
    public void AJournalInTheMiddleMadeUnbalancedAndRehashed_IsFoundUnbalancedThere()
    {
        var fourth = _chain[3];
        var unbalanced = Rehash.WithLines(fourth, fourth.Lines.SetItem(0, fourth.Lines[0] with { Amount = fourth.Lines[0].Amount.Plus(Money.FromMinorUnits(1, Currency.CNY)) }));

        var verdict = ChainVerifier.Verify([.. _chain.Take(3), unbalanced, .. _chain.Skip(4)], Head);

        Assert.Equal(4L, verdict.FirstBadSequence);
        Assert.Equal("Journal 4 does not balance: entity 'provider' CNY is off by 1 minor units.", verdict.Problem);
    }

    [Fact]
    public void AJournalEditedWithoutRehashing_IsFoundByItsOwnHash()
    {
        var fourth = _chain[3];
        var edited = new Journal(fourth.Id, fourth.Ledger, 4, fourth.AccountingDate, fourth.RecordedAt, fourth.Kind, fourth.Memo + "!", fourth.Lines, fourth.PreviousHash, fourth.Hash);

        var verdict = ChainVerifier.Verify([.. _chain.Take(3), edited, .. _chain.Skip(4)], Head);

        Assert.Equal(4L, verdict.FirstBadSequence);
        Assert.Equal("Journal 4 does not match its hash: its content was changed after posting.", verdict.Problem);
    }

    [Fact]
    public void AJournalWhoseSumsOverflowRehashed_IsFoundUnbalanced_NotAnException()
    {
        var last = _chain[^1];
        var huge = Money.FromMinorUnits(long.MaxValue, Currency.CNY);
        var one = Money.FromMinorUnits(1, Currency.CNY);
        ImmutableArray<JournalLine> lines = [last.Lines[0] with { Amount = huge }, last.Lines[0] with { Amount = one }, last.Lines[1] with { Amount = huge }, last.Lines[1] with { Amount = one }];

        var verdict = ChainVerifier.Verify([.. _chain.SkipLast(1), Rehash.WithLines(last, lines)]);

        Assert.Equal(Journals, verdict.FirstBadSequence);
        Assert.Equal("Journal 10 does not balance: the amounts of entity 'provider' CNY are too large to add up.", verdict.Problem);
    }

    [Fact]
    public async Task NullArguments_AreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => ChainVerifier.Verify(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ChainVerifier.VerifyAsync(null!, TestBooks.Ledger));
    }

    [Fact]
    public async Task ALedgerThatDoesNotExist_IsAnEmptyIntactChain()
    {
        var verdict = await ChainVerifier.VerifyAsync(_books.Store, CommunityFund.Ledger.LedgerId.From("nowhere"));

        Assert.Equal(new ChainVerification(true, 0, 0, Journal.GenesisHash, null, null), verdict);
    }

    [Fact]
    public async Task TheAudit_OfARunRehashedToTheEnd_FindsItByTheStoredHead()
    {
        var store = new RewrittenStore(_books.Store, Rehash.Apply(_chain, edited: 4, through: Journals), moveHead: false);

        var audit = await LedgerAudit.RunAsync(store, new LedgerEconomyStore(store), TestBooks.Ledger);

        var finding = Assert.Single(audit.Findings, f => f.Code == "chain.broken");
        Assert.Equal(Journals + 1L, finding.Sequence);
        Assert.StartsWith("The head says", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAudit_OfOneJournalRehashed_NamesTheBrokenLink_NotTheHead()
    {
        var store = new RewrittenStore(_books.Store, Rehash.Apply(_chain, edited: 4, through: 4), moveHead: false);

        var audit = await LedgerAudit.RunAsync(store, new LedgerEconomyStore(store), TestBooks.Ledger);

        var finding = Assert.Single(audit.Findings, f => f.Code == "chain.broken");
        Assert.Equal(5L, finding.Sequence);
        Assert.StartsWith("Journal 5 names previous hash", finding.Message, StringComparison.Ordinal);
    }
}
