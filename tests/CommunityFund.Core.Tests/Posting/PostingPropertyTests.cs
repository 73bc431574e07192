using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using FsCheck;
using FsCheck.Fluent;

namespace CommunityFund.Tests.Posting;

public class PostingPropertyTests
{
    private static Arbitrary<int> Seeds => Generators.Seeds;

    [Fact]
    public void RandomValidJournals_PostAndEveryEntityBalancesInEveryUnit() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = TestBooks.Create();
            for (var i = random.Next(1, 20); i > 0; i--)
            {
                Assert.Equal(PostingOutcome.Created, books.Post(RandomJournals.Valid(random)).Outcome);
            }

            foreach (var entity in books.Definition.Entities.Keys)
            {
                var balances = books.Balances(entity);
                Assert.All(balances.GroupBy(b => (b.Unit, b.Account.IsMemo)), g => Assert.Equal(0, g.Sum(b => b.DebitMinorUnits - b.CreditMinorUnits)));
                var trialBalance = TrialBalance.Build(books.Definition, entity, balances, null);
                Assert.All(trialBalance.Sections, s => Assert.Equal(s.TotalDebitBalance, s.TotalCreditBalance));
                Assert.True(trialBalance.IsBalanced);
            }
        }).Check(Generators.Runs(500));

    [Fact]
    public void CorruptedJournals_AreRefusedWithTheRightCodeAndLeaveTheStoreUnchanged() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = TestBooks.Create();
            books.Post(RandomJournals.Valid(random));
            var before = (books.AllJournals().Count, Balances: books.Balances().ToList());
            var (draft, code, description) = RandomJournals.Corrupt(RandomJournals.Valid(random), random);

            var result = books.Post(draft);

            Assert.True(result.Outcome == PostingOutcome.Rejected, $"{description} was accepted");
            Assert.True(result.Errors.Any(e => e.Code == code), $"{description}: expected {code}, got {string.Join("; ", result.Errors)}");
            Assert.Equal(before.Count, books.AllJournals().Count);
            Assert.Equal(before.Balances, books.Balances());
        }).Check(Generators.Runs(500));

    [Fact]
    public void IdempotentReplay_ReturnsTheOriginalAndPostsNothing() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = TestBooks.Create();
            var draft = RandomJournals.Valid(random);
            var original = books.Post(draft, $"key-{seed}");
            var replay = books.Post(draft with { Lines = [.. draft.Lines] }, $"key-{seed}");

            Assert.Equal(PostingOutcome.AlreadyExists, replay.Outcome);
            Assert.Equal(original.Journal, replay.Journal);
            Assert.Single(books.AllJournals());
        }).Check(Generators.Runs(500));

    [Fact]
    public void AnySingleChangeToAStoredJournal_IsDetectedAtItsSequence() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var books = TestBooks.Create();
            for (var i = random.Next(2, 12); i > 0; i--)
            {
                books.Post(RandomJournals.Valid(random));
            }

            var chain = books.AllJournals().ToList();
            Assert.True(ChainVerifier.Verify(chain).IsIntact);
            var (tampered, expectedBad, description) = Tamper.Apply(chain, random);

            var verdict = ChainVerifier.Verify(tampered, new ChainCheckpoint(chain[^1].Sequence, chain[^1].Hash));

            Assert.False(verdict.IsIntact, $"{description} went unnoticed");
            Assert.True(verdict.FirstBadSequence == expectedBad, $"{description}: expected first bad {expectedBad}, got {verdict.FirstBadSequence} ({verdict.Problem})");
        }).Check(Generators.Runs(500));
}
