using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Community;

/// <summary>Donated goods held in 1201.01 leave inventory at their carrying value, whether sold in the charity
/// supermarket or given away free, and never beyond what is held.</summary>
public class DonatedGoodsTests
{
    private static readonly LocalDate Donated = new(2026, 3, 2);
    private static readonly LocalDate Later = new(2026, 3, 7);
    private readonly CommunityBooks _books = CommunityBooks.Create();

    [Fact]
    public async Task SupermarketSale_WhileGoodsAreHeld_WithoutAGoodsCost_IsRefusedNamingTheGoodsHeld()
    {
        await DonateGoodsAsync(300m);
        var before = _books.Journals().Count;

        var result = await SellAsync(SelfFinancingSource.CharitySupermarketSale, 120m, goodsCost: null);

        var error = Assert.Single(result.Errors);
        Assert.Equal((CommunityErrorCodes.GoodsCostRequired, "goodsCost"), (error.Code, error.Field));
        Assert.Equal("300.00", error.Figures!["goodsHeld"]);
        Assert.Equal(before, _books.Journals().Count);
    }

    [Fact]
    public async Task SupermarketSale_WhenNoGoodsAreHeld_NeedsNoGoodsCost()
    {
        var result = await SellAsync(SelfFinancingSource.CharitySupermarketSale, 120m, goodsCost: null);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(Cny(-120m), _books.Balance(Fund, "4501.01"));
    }

    [Fact]
    public async Task MarketSale_WhileGoodsAreHeld_MayOmitTheGoodsCost()
    {
        // The charity market also sells goods the fund never held (stallholders' wares sold on its behalf).
        await DonateGoodsAsync(300m);

        var result = await SellAsync(SelfFinancingSource.CharityMarketSale, 80m, goodsCost: null);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(Cny(300m), _books.Balance(Fund, "1201.01"));
    }

    [Theory]
    [InlineData(SelfFinancingSource.CharitySupermarketSale)]
    [InlineData(SelfFinancingSource.CharityMarketSale)]
    public async Task GoodsCost_BeyondTheGoodsHeld_IsRefusedWithTheShortfall(SelfFinancingSource source)
    {
        await DonateGoodsAsync(300m);
        var before = _books.Journals().Count;

        var result = await SellAsync(source, 450m, goodsCost: 300.01m);

        var error = Assert.Single(result.Errors);
        Assert.Equal((CommunityErrorCodes.GoodsExceedStock, "goodsCost"), (error.Code, error.Field));
        Assert.Equal(("300.00", "300.01", "0.01"), (error.Figures!["goodsHeld"], error.Figures["goodsCost"], error.Figures["shortfall"]));
        Assert.Equal(before, _books.Journals().Count);
    }

    [Fact]
    public async Task SupermarketSale_OfEverythingHeld_EmptiesTheInventory()
    {
        await DonateGoodsAsync(300m);

        var result = await SellAsync(SelfFinancingSource.CharitySupermarketSale, 360m, goodsCost: 300m);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(Money.Zero(Currency.CNY), _books.Balance(Fund, "1201.01"));
    }

    [Fact]
    public async Task GiveAway_ChargesPublicWelfareCostAndRelievesInventoryAtCost()
    {
        await DonateGoodsAsync(1_200m);

        var result = await GiveAwayAsync(450m, programme: "winter-care");

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var journal = Assert.Single(result.Journals);
        Assert.Equal(JournalKind.GoodsGiveaway, journal.Kind);
        var cost = Assert.Single(journal.Lines, l => l.Side == Side.Debit);
        Assert.Equal((AccountCode.Parse("5101.05"), Cny(450m), "winter-care"), (cost.Account, cost.Amount, cost.Dimensions[DimensionNames.Programme]));
        var goods = Assert.Single(journal.Lines, l => l.Side == Side.Credit);
        Assert.Equal((AccountCode.Parse("1201.01"), Cny(450m)), (goods.Account, goods.Amount));
        Assert.Equal(Cny(750m), _books.Balance(Fund, "1201.01"));
    }

    [Fact]
    public async Task GiveAway_WithoutAProgramme_IsChargedToTheCharitySupermarket()
    {
        await DonateGoodsAsync(100m);

        var result = await GiveAwayAsync(100m);

        Assert.Equal("charity-supermarket", Assert.Single(result.Journals).Lines.Single(l => l.Side == Side.Debit).Dimensions[DimensionNames.Programme]);
    }

    [Fact]
    public async Task GiveAway_BeyondTheGoodsHeld_IsRefusedWithTheShortfall()
    {
        await DonateGoodsAsync(100m);
        var before = _books.Journals().Count;

        var result = await GiveAwayAsync(100.50m);

        var error = Assert.Single(result.Errors);
        Assert.Equal((CommunityErrorCodes.GoodsExceedStock, "cost"), (error.Code, error.Field));
        Assert.Equal(("100.00", "100.50", "0.50"), (error.Figures!["goodsHeld"], error.Figures["goodsCost"], error.Figures["shortfall"]));
        Assert.Equal(before, _books.Journals().Count);
    }

    [Fact]
    public async Task GiveAway_WhenNothingIsHeld_IsRefused()
    {
        var result = await GiveAwayAsync(1m);

        Assert.Equal(CommunityErrorCodes.GoodsExceedStock, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task GiveAway_ByAnEntityThatIsNotAFund_IsRefused()
    {
        var result = await _books.FundBooks.GiveAwayGoodsAsync(CommunityLedger, new GoodsGiveaway(ElderCare, Later, Cny(1m), "coats"));

        Assert.Equal(CommunityErrorCodes.NotAFund, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task GiveAway_Replayed_ReturnsTheOriginalJournalAndGivesNothingTwice()
    {
        await DonateGoodsAsync(100m);

        var first = await GiveAwayAsync(60m, key: "giveaway-1");
        var replay = await GiveAwayAsync(60m, key: "giveaway-1");

        Assert.Equal(first.Value!.Id, replay.Value!.Id);
        Assert.Equal(Cny(40m), _books.Balance(Fund, "1201.01"));
    }

    private Task<CommandResult<Journal>> DonateGoodsAsync(decimal value) =>
        _books.FundBooks.ReceiveDonationAsync(CommunityLedger, new DonationReceipt(Fund, Donated, Cny(value), "d-goods") { InKind = new InKindGoods("winter coats", InKindBasis.Voucher, "INV-7") });

    private Task<CommandResult<Journal>> SellAsync(SelfFinancingSource source, decimal amount, decimal? goodsCost) =>
        _books.FundBooks.RecordSelfFinancingAsync(CommunityLedger,
            new SelfFinancingIncome(Fund, source, Later, Cny(amount), PaymentChannel.Cash) { GoodsCost = goodsCost is { } cost ? Cny(cost) : null });

    private Task<CommandResult<Journal>> GiveAwayAsync(decimal cost, string? programme = null, string? key = null) =>
        _books.FundBooks.GiveAwayGoodsAsync(CommunityLedger, new GoodsGiveaway(Fund, Later, Cny(cost), "coats for the winter-care visits") { Programme = programme }, key);
}
