using System.Net;
using System.Text.Json;

namespace CommunityFund.Api.Tests;

/// <summary>Packages that declare their sessions delivered at sale, and the fund's donated goods sold and given away,
/// through the real HTTP stack on SQLite.</summary>
public sealed class SessionsAndGoodsApiTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    [Fact]
    public async Task MultiSessionPackage_NotDeliveredAtSale_SoldNotPrepaid_Is422WithTheSessionsAndWritesNothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await PublishHomeCareAsync(deliveredAtSale: null)).StatusCode);
        var before = await JournalCountAsync();

        var response = await SellHomeCareAsync(prepaid: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("sale.sessions_not_delivered_at_sale", problem.GetProperty("code").GetString());
        Assert.Equal(("6", "12"), (problem.GetProperty("figures").GetProperty("sessionsPerPackage").GetString(), problem.GetProperty("figures").GetProperty("sessionsSold").GetString()));
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task MultiSessionPackage_NotDeliveredAtSale_SoldPrepaid_Is201()
    {
        await PublishHomeCareAsync(deliveredAtSale: null);

        var response = await SellHomeCareAsync(prepaid: true);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Package_DeclaringSessionsDeliveredAtSale_SaysSoAndIsSoldAtSale()
    {
        var published = await PublishHomeCareAsync(deliveredAtSale: true);

        var sale = await SellHomeCareAsync(prepaid: false);

        Assert.True((await published.JsonAsync()).GetProperty("sessionsDeliveredAtSale").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, sale.StatusCode);
        Assert.Equal(12, (await sale.JsonAsync()).GetProperty("sessionsDelivered").GetInt32());
    }

    [Fact]
    public async Task SupermarketSale_WhileGoodsAreHeld_WithoutAGoodsCost_Is422NamingTheGoodsHeld()
    {
        await DonateGoodsAsync("300.00");

        var response = await Admin.PostJsonAsync("/ledgers/demo/fund/self-financing",
            """{"fund":"fund","source":"charitySupermarketSale","date":"2026-04-03","amount":{"amount":"120.00","currency":"CNY"},"channel":"cash"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(("fund.goods_cost_required", "300.00"), (problem.GetProperty("code").GetString(), problem.GetProperty("figures").GetProperty("goodsHeld").GetString()));
    }

    [Fact]
    public async Task Giveaway_WithinTheGoodsHeld_Is201AndRelievesInventory()
    {
        await DonateGoodsAsync("300.00");

        var response = await GiveAwayAsync("120.00");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var journal = await response.JsonAsync();
        Assert.Equal("goodsGiveaway", journal.GetProperty("kind").GetString());
        Assert.Equal(["1201.01", "5101.05"], journal.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("account").GetString()).Order());
    }

    [Fact]
    public async Task Giveaway_BeyondTheGoodsHeld_Is422WithTheShortfallAndWritesNothing()
    {
        await DonateGoodsAsync("300.00");
        var before = await JournalCountAsync();

        var response = await GiveAwayAsync("300.01");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(("fund.goods_exceed_stock", "0.01"), (problem.GetProperty("code").GetString(), problem.GetProperty("figures").GetProperty("shortfall").GetString()));
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task Giveaway_WithoutAPurpose_Is400()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/fund/giveaways", """{"fund":"fund","date":"2026-04-03","cost":{"amount":"1.00","currency":"CNY"},"purpose":" "}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<HttpResponseMessage> PublishHomeCareAsync(bool? deliveredAtSale) => Admin.PostJsonAsync("/ledgers/demo/packages",
        "{\"id\":\"home-care\",\"provider\":\"elder-care\",\"nameZh\":\"居家照护\",\"nameEn\":\"Home care\",\"sessions\":6,\"hours\":{\"amount\":\"6.00\",\"currency\":\"HOUR\"}," +
        "\"tiers\":{\"paid\":{\"price\":{\"amount\":\"300.00\",\"currency\":\"CNY\"}}},\"effectiveFrom\":\"2026-04-01\"" +
        (deliveredAtSale is { } flag ? $",\"sessionsDeliveredAtSale\":{(flag ? "true" : "false")}" : string.Empty) + "}");

    private Task<HttpResponseMessage> SellHomeCareAsync(bool prepaid) => Admin.PostJsonAsync("/ledgers/demo/sales",
        "{\"provider\":\"elder-care\",\"packageId\":\"home-care\",\"tier\":\"paid\",\"quantity\":2,\"unitPrice\":{\"amount\":\"300.00\",\"currency\":\"CNY\"}," +
        $"\"channel\":\"bank\",\"date\":\"2026-04-02\",\"residentReference\":\"r-0201\",\"prepaid\":{(prepaid ? "true" : "false")}}}");

    private async Task DonateGoodsAsync(string value)
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/fund/donations",
            $$$"""{"fund":"fund","date":"2026-04-02","amount":{"amount":"{{{value}}}","currency":"CNY"},"donor":"d-0301","inKind":{"description":"winter coats","basis":"voucher","evidence":"INV-301"}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpResponseMessage> GiveAwayAsync(string cost) => Admin.PostJsonAsync("/ledgers/demo/fund/giveaways",
        $$"""{"fund":"fund","date":"2026-04-03","cost":{"amount":"{{cost}}","currency":"CNY"},"purpose":"coats for the winter visits","programme":"winter-care"}""");

    private async Task<int> JournalCountAsync()
    {
        var page = await (await Admin.GetAsync("/ledgers/demo/journals?limit=500")).JsonAsync();
        return page.GetProperty("items").GetArrayLength();
    }
}
