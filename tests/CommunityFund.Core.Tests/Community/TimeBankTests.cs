using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static CommunityFund.Tests.TestBooks;

namespace CommunityFund.Tests.Community;

public class TimeBankTests
{
    private static readonly LocalDate Day = new(2026, 3, 5);
    private readonly TestBooks _books = TestBooks.Create();

    private TimeBank Bank => new(_books.Store, _books.Engine);

    [Fact]
    public void Award_CreditsTheMemberFromThePool()
    {
        Assert.True(Post(Award("v-1", 250)).Succeeded);

        Assert.Equal(Hours(250), Balance("v-1"));
        Assert.Equal(Hours(-250), _books.Balance(Provider, "M100"));
    }

    [Fact]
    public void Redeem_BeyondTheBalance_IsRefusedAndPostsNothing()
    {
        Post(Award("v-1", 100));

        var result = Post(new MemoTransfer(Provider, MemoTransferKind.Redeem, Hours(101), Day, "home visit") { From = "v-1" });

        Assert.Equal(CommunityErrorCodes.TimeBankInsufficientBalance, result.Errors.Single().Code);
        Assert.Equal(Hours(100), Balance("v-1"));
        Assert.Single(_books.AllJournals());
    }

    [Fact]
    public void Award_BeyondTheCap_IsRefused()
    {
        Post(Award("v-1", 149_000));

        Assert.Equal(CommunityErrorCodes.TimeBankCapExceeded, Post(Award("v-1", 1_001)).Errors.Single().Code);
        Assert.True(Post(Award("v-1", 1_000)).Succeeded);
    }

    [Fact]
    public async Task ConcurrentAwards_FromTwoProcesses_NeverPassTheCap()
    {
        // Two time banks over one store stand for two API processes: only the store's compare-and-append orders them.
        var banks = new[] { new TimeBank(_books.Store, _books.Engine), new TimeBank(_books.Store, _books.Engine) };

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            banks[i % 2].TransferAsync(TestBooks.Ledger, Award("v-1", 10_000), MemoUnitRules.TimeBank))));

        Assert.Equal(15, results.Count(r => r.Succeeded));
        Assert.Equal(Hours(150_000), Balance("v-1"));
        Assert.Equal(Hours(-150_000), _books.Balance(Provider, "M100"));
    }

    [Fact]
    public async Task NegativeBalances_AreAllowedOnlyWhenConfigured()
    {
        var advance = new MemoTransfer(Provider, MemoTransferKind.Redeem, Money.FromMinorUnits(5, Currency.POINT), Day, "advance") { From = "r-1" };

        Assert.False((await Bank.TransferAsync(TestBooks.Ledger, advance, MemoUnitRules.Points)).Succeeded);
        Assert.True((await Bank.TransferAsync(TestBooks.Ledger, advance, MemoUnitRules.Points with { AllowNegative = true })).Succeeded);
    }

    [Fact]
    public void TransferToOneself_IsRefused() =>
        Assert.Equal(CommunityErrorCodes.TimeBankSameMember, Post(new MemoTransfer(Provider, MemoTransferKind.Transfer, Hours(1), Day, "x") { From = "v-1", To = "v-1" }).Errors.Single().Code);

    [Fact]
    public void MoneyAmount_IsRefused() =>
        Assert.Equal(PostingOutcome.Rejected, Post(new MemoTransfer(Provider, MemoTransferKind.Award, Money.FromMinorUnits(100, Currency.CNY), Day, "x") { To = "v-1" }).Outcome);

    [Fact]
    public void RedeemForGoods_PostsTheGoodsInCnyOnly()
    {
        Post(Award("v-1", 300));
        var goods = new JournalDraft(Day, JournalKind.Points, "rice for 3 hours",
            [LineDraft.Debit(Provider, "5101.01", Cny(30m)), LineDraft.Credit(Provider, "1201.02", Cny(30m))]);

        var result = Post(new MemoTransfer(Provider, MemoTransferKind.Redeem, Hours(300), Day, "rice") { From = "v-1", GoodsJournal = goods });

        Assert.Equal(2, result.Journals.Length);
        Assert.All(result.Journals[0].Lines, l => Assert.Equal(Currency.HOUR, l.Amount.Currency));
        Assert.All(result.Journals[1].Lines, l => Assert.Equal(Currency.CNY, l.Amount.Currency));
    }

    [Fact]
    public void ReplayedKey_ReturnsTheOriginalEvenAfterTheBalanceChanged()
    {
        Post(Award("v-1", 100));
        var redeem = new MemoTransfer(Provider, MemoTransferKind.Redeem, Hours(100), Day, "visit") { From = "v-1" };
        Assert.True(Post(redeem, "redeem-1").Succeeded);

        Assert.Equal(PostingOutcome.AlreadyExists, Post(redeem, "redeem-1").Outcome);
        Assert.Equal(Hours(0), Balance("v-1"));
    }

    [Fact]
    public void RandomTransfers_KeepBalancesWithinRulesAndTheUnitLedgerAtZero() =>
        Prop.ForAll(Generators.Seeds, seed =>
        {
            var random = new Random(seed);
            var books = TestBooks.Create();
            var bank = new TimeBank(books.Store, books.Engine);
            var members = new[] { "v-1", "v-2", "v-3" };
            for (var step = 0; step < 40; step++)
            {
                var kind = (MemoTransferKind)random.Next(1, 5);
                var amount = Hours(random.Next(0, 4) == 0 ? random.Next(1, 200_000) : random.Next(1, 2_000));
                var from = members[random.Next(3)];
                var to = members[random.Next(3)];
                var transfer = new MemoTransfer(Provider, kind, amount, Day, "random")
                {
                    From = kind is MemoTransferKind.Award ? null : from,
                    To = kind is MemoTransferKind.Award or MemoTransferKind.Transfer ? to : null,
                };
                bank.TransferAsync(TestBooks.Ledger, transfer, MemoUnitRules.TimeBank).GetAwaiter().GetResult();
            }

            var byMember = books.AllJournals().SelectMany(j => j.Lines)
                .Where(l => l.Account == AccountCode.Parse("M110"))
                .GroupBy(l => l.Dimensions[DimensionNames.Member])
                .ToDictionary(g => g.Key, g => g.Sum(l => l.SignedMinorUnits));
            foreach (var member in members)
            {
                var kept = bank.BalanceAsync(TestBooks.Ledger, Provider, Currency.HOUR, member).GetAwaiter().GetResult().MinorUnits;
                Assert.Equal(byMember.GetValueOrDefault(member), kept);
                Assert.InRange(kept, 0, 150_000);
            }

            Assert.Equal(0, books.Balances(Provider).Where(b => b.Unit == Currency.HOUR).Sum(b => b.DebitMinorUnits - b.CreditMinorUnits));
        }).Check(Generators.Runs(500));

    private static Money Hours(long hundredths) => Money.FromMinorUnits(hundredths, Currency.HOUR);

    private static MemoTransfer Award(string member, long hundredths) => new(Provider, MemoTransferKind.Award, Hours(hundredths), Day, "volunteering") { To = member };

    private PostingResult Post(MemoTransfer transfer, string? key = null) =>
        Bank.TransferAsync(TestBooks.Ledger, transfer, MemoUnitRules.TimeBank, key).GetAwaiter().GetResult();

    private Money Balance(string member) => Bank.BalanceAsync(TestBooks.Ledger, Provider, Currency.HOUR, member).GetAwaiter().GetResult();
}
