using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Community;

public class FundBooksTests
{
    private readonly CommunityBooks _books = CommunityBooks.Create();

    [Fact]
    public void Donation_Unrestricted_IsUnrestrictedDonationRevenue()
    {
        Assert.True(_books.Donate(500m).Succeeded);

        Assert.Equal(Cny(500m), _books.Balance(Fund, "1002.02"));
        Assert.Equal(Cny(-500m), _books.Balance(Fund, "4101.01"));
    }

    [Fact]
    public void Donation_Restricted_NamesItsRestriction()
    {
        var result = _books.Donate(800m, "elder-meals");

        var revenue = Assert.Single(result.Journals).Lines.Single(l => l.Account == AccountCode.Parse("4101.02"));
        Assert.Equal("elder-meals", revenue.Dimensions[DimensionNames.Restriction]);
        Assert.Equal(Cny(800m), Assert.Single(_books.Restrictions()).Available);
    }

    [Fact]
    public async Task Donation_InKind_GoesToDonatedGoodsWithItsValuationBasis()
    {
        var donation = new DonationReceipt(Fund, new LocalDate(2026, 3, 2), Cny(1_200m), "d-0002") { InKind = new InKindGoods("40 winter coats", InKindBasis.FairValue, "price survey PS-12") };

        var result = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, donation);

        Assert.Equal(Cny(1_200m), _books.Balance(Fund, "1201.01"));
        Assert.Equal(("FairValue", "price survey PS-12"), (result.Journals[0].Metadata["in_kind.basis"], result.Journals[0].Metadata["in_kind.evidence"]));
    }

    [Theory]
    [InlineData(SelfFinancingSource.CharitySupermarketSale, "4501.01")]
    [InlineData(SelfFinancingSource.CaringParking, "4301.01")]
    [InlineData(SelfFinancingSource.CharityMarketBooth, "4301.01")]
    [InlineData(SelfFinancingSource.CharityMarketSale, "4501.01")]
    [InlineData(SelfFinancingSource.SpotDonation, "4101.01")]
    public async Task SelfFinancing_PostsToTheRevenueOfItsSource(SelfFinancingSource source, string revenue)
    {
        var result = await _books.FundBooks.RecordSelfFinancingAsync(CommunityLedger, new SelfFinancingIncome(Fund, source, new LocalDate(2026, 3, 7), Cny(260m), PaymentChannel.WeChatPay))
            ;

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(Cny(-260m), _books.Balance(Fund, revenue));
        Assert.Equal(Cny(260m), _books.Balance(Fund, "1009.01"));
    }

    [Fact]
    public async Task CharitySupermarketSale_TakesTheDonatedGoodsOutOfInventory()
    {
        await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, new DonationReceipt(Fund, new LocalDate(2026, 3, 2), Cny(300m), "d-3") { InKind = new InKindGoods("rice", InKindBasis.Voucher, "INV-9") })
            ;

        await _books.FundBooks.RecordSelfFinancingAsync(CommunityLedger,
            new SelfFinancingIncome(Fund, SelfFinancingSource.CharitySupermarketSale, new LocalDate(2026, 3, 7), Cny(120m), PaymentChannel.Cash) { GoodsCost = Cny(100m) });

        Assert.Equal(Cny(200m), _books.Balance(Fund, "1201.01"));
        Assert.Equal(Cny(100m), _books.Balance(Fund, "5101.01"));
    }

    [Fact]
    public async Task GoodsCost_OnParkingFees_IsRefused()
    {
        var result = await _books.FundBooks.RecordSelfFinancingAsync(CommunityLedger,
            new SelfFinancingIncome(Fund, SelfFinancingSource.CaringParking, new LocalDate(2026, 3, 7), Cny(120m), PaymentChannel.Cash) { GoodsCost = Cny(10m) });

        Assert.Equal("goodsCost", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Grant_WithinTheRestriction_IsPaidAndChargedToIt()
    {
        _books.Donate(1_000m, "stairway");

        var result = _books.Grant(600m, "stairway");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var restriction = Assert.Single(_books.Restrictions());
        Assert.Equal((Cny(1_000m), Cny(600m), Cny(400m)), (restriction.Received, restriction.Spent, restriction.Available));
        Assert.Equal("100000", result.Journals[0].Metadata["grant.restriction_available_before"]);
    }

    [Fact]
    public void Grant_BeyondTheRestrictionsAvailableBalance_IsRefusedAndPostsNothing()
    {
        _books.Donate(1_000m, "stairway");
        _books.Donate(5_000m);
        _books.Grant(600m, "stairway");

        var result = _books.Grant(400.01m, "stairway");

        Assert.Equal(CommunityErrorCodes.RestrictionInsufficient, Assert.Single(result.Errors).Code);
        Assert.Equal(3, _books.Journals().Count);
    }

    [Fact]
    public void Grant_AgainstAnUnknownRestriction_IsRefused()
    {
        _books.Donate(5_000m);

        var result = _books.Grant(10m, "no-such-purpose");

        Assert.Equal(CommunityErrorCodes.RestrictionInsufficient, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Grant_BeyondTheMoneyInTheAccount_IsRefused()
    {
        _books.Donate(100m);

        var result = _books.Grant(100.01m);

        Assert.Equal(EconomyErrorCodes.InsufficientFunds, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task FundCommands_ForAnEntityThatIsNotAFund_AreRefused()
    {
        var result = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, new DonationReceipt(ElderCare, new LocalDate(2026, 3, 2), Cny(10m), "d-1"));

        Assert.Equal(CommunityErrorCodes.NotAFund, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void PeriodClose_ReleasesTheRestrictedSpendingToUnrestrictedNetAssets()
    {
        _books.Donate(1_000m, "stairway", new LocalDate(2026, 1, 5));
        _books.Grant(600m, "stairway", new LocalDate(2026, 1, 20));

        var (close, journals) = _books.Close(2026, 1);

        Assert.True(close.Closed, string.Join("; ", close.Errors));
        var release = Assert.Single(journals, j => j.Kind == JournalKind.RestrictionRelease);
        Assert.Equal(("60000", "100000", "60000"), (release.Metadata["release.spending"], release.Metadata["release.available"], release.Metadata["release.amount"]));
        Assert.Equal(Cny(-400m), _books.Balance(Fund, "3102"));
        Assert.Equal(Cny(-600m + 600m), _books.Balance(Fund, "3101"));
        Assert.Equal((Cny(400m), Cny(600m)), (_books.Restrictions()[0].Available, _books.Restrictions()[0].Released));
    }

    [Fact]
    public async Task StatementOfActivities_OfAClosedMonth_ShowsItsRevenueExpensesAndRelease()
    {
        _books.Donate(1_000m, "stairway", new LocalDate(2026, 1, 5));
        _books.Grant(600m, "stairway", new LocalDate(2026, 1, 20));
        _books.Close(2026, 1);

        var statement = await StatementOfActivities.BuildAsync(_books.Ledgers, CommunityLedger, Fund, new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31));

        Assert.Equal((Cny(0m), Cny(1_000m)), (statement.TotalRevenue.Unrestricted, statement.TotalRevenue.Restricted));
        Assert.Equal(Cny(600m), statement.TotalExpenses.Total);
        Assert.Equal(Cny(600m), statement.ReleasedFromRestriction);
        Assert.Equal((Cny(0m), Cny(400m)), (statement.ChangeInNetAssets.Unrestricted, statement.ChangeInNetAssets.Restricted));
    }

    [Fact]
    public void PeriodClose_SpendingCarriedFromAnEarlierPeriodsRestriction_IsReleasedFromItsBalance()
    {
        _books.Donate(1_000m, "stairway", new LocalDate(2026, 1, 5));
        _books.Close(2026, 1);
        _books.Grant(250m, "stairway", new LocalDate(2026, 2, 3));

        var (_, journals) = _books.Close(2026, 2);

        Assert.Equal("25000", Assert.Single(journals, j => j.Kind == JournalKind.RestrictionRelease).Metadata["release.amount"]);
        Assert.Equal(Cny(-750m), _books.Balance(Fund, "3102"));
        Assert.Equal(Cny(750m), _books.Restrictions()[0].Available);
    }

    [Fact]
    public async Task AgencyGift_PassesThrough1701And2601WithoutRevenue()
    {
        Assert.True(Agency(AgencyMovement.Receive, "b-0042", 300m).Succeeded);
        Assert.True(Agency(AgencyMovement.PassOn, "b-0042", 200m).Succeeded);

        var held = Assert.Single(await _books.FundBooks.AgencyAsync(CommunityLedger, Fund));
        Assert.Equal((Cny(100m), Cny(100m)), (held.Held, held.Owed));
        Assert.DoesNotContain(_books.AllBalances(), b => b.Account.Value.StartsWith('4'));
    }

    [Fact]
    public void AgencyGift_PassingOnMoreThanIsHeldForTheBeneficiary_IsRefused()
    {
        Agency(AgencyMovement.Receive, "b-0042", 300m);
        Agency(AgencyMovement.Receive, "b-0043", 900m);

        var result = Agency(AgencyMovement.PassOn, "b-0042", 300.01m);

        Assert.Equal(CommunityErrorCodes.AgencyInsufficient, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task AgencyLine_WithoutABeneficiary_IsRefusedByTheChart()
    {
        var draft = new JournalDraft(new LocalDate(2026, 3, 2), JournalKind.Manual, "agency without a name",
            [LineDraft.Debit(Fund, "1701", Cny(5m)), LineDraft.Credit(Fund, "2601", Cny(5m))]);

        var result = await _books.Engine.PostAsync(CommunityLedger, draft);

        Assert.Contains(result.Errors, e => e.Code == ErrorCodes.LineDimensionRequired);
    }

    [Fact]
    public async Task Donation_ReplayedWithItsKey_ReturnsTheOriginal_AndAnotherContentConflicts()
    {
        var donation = new DonationReceipt(Fund, new LocalDate(2026, 3, 2), Cny(50m), "d-9");
        var first = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, donation, "don-1");

        var replay = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, donation, "don-1");
        var other = await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, donation with { Amount = Cny(51m) }, "don-1");

        Assert.Equal((PostingOutcome.AlreadyExists, first.Value!.Id), (replay.Outcome, replay.Value!.Id));
        Assert.Equal(PostingOutcome.Conflict, other.Outcome);
    }

    private CommandResult<Journal> Agency(AgencyMovement movement, string beneficiary, decimal amount) =>
        _books.FundBooks.RecordAgencyGiftAsync(CommunityLedger, new AgencyGift(Fund, movement, beneficiary, new LocalDate(2026, 3, 4), Cny(amount), "winter coats")).GetAwaiter().GetResult();
}
