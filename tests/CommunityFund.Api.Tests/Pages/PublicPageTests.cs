using System.Net;
using System.Text.RegularExpressions;
using static CommunityFund.Api.Tests.Pages.PublicPageFixture;

namespace CommunityFund.Api.Tests.Pages;

/// <summary>The public page (公示), <c>GET /public/{ledgerId}</c>, through the real HTTP stack on the demo books: no key,
/// the published months only, the same figures as the publications' JSON, and nothing about residents.</summary>
public sealed class PublicPageTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    private HttpClient Anonymous => _app.Client(null);

    [Fact]
    public async Task APublishedMonth_IsShownWithoutAKey_WithTheFiguresOfItsPublication()
    {
        await PublishMarchAsync(Admin);
        var figures = (await (await Admin.GetAsync("/ledgers/demo/publications/2026-03")).JsonAsync()).GetProperty("figures");

        var (response, html) = await GetPageAsync(Anonymous);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Parse(html);
        const string march = "#m-2026-03";
        Assert.Equal(JsonAmounts(figures, "fundShares"), Amounts(page, march, "shares"));
        Assert.Equal(JsonAmounts(figures, "donations"), Amounts(page, march, "donations"));
        Assert.Equal(JsonAmounts(figures, "selfFinancing"), Amounts(page, march, "self-financing"));
        Assert.Equal(JsonAmounts(figures, "grants"), Amounts(page, march, "grants"));
        var restrictions = page.QuerySelectorAll($"{march} table[data-table='restrictions'] tbody tr").Select(r => r.QuerySelectorAll("data").Select(d => d.GetAttribute("value")).ToList());
        Assert.Equal(figures.GetProperty("restrictions").EnumerateArray().Select(r => new[] { r.GetProperty("received"), r.GetProperty("spent"), r.GetProperty("available") }.Select(m => m.GetProperty("amount").GetString()).ToList()), restrictions);
        var overview = page.QuerySelectorAll("table[data-table='months'] tbody tr").Single().QuerySelectorAll("data").Select(d => d.GetAttribute("value")).ToList();
        Assert.Equal((figures.GetProperty("totalIn").GetProperty("amount").GetString(), figures.GetProperty("totalGranted").GetProperty("amount").GetString()), (overview[3], overview[4]));
    }

    [Fact]
    public async Task TheFlowOfTheMonth_GoesFromResidentsThroughProvidersToTheHubAndTheFund_AndOnToGrants()
    {
        var figures = (await PublishMarchAsync(Admin)).GetProperty("figures");

        var page = Parse((await GetPageAsync(Anonymous)).Html);

        var flow = page.QuerySelectorAll("#m-2026-03 table[data-table='flow'] tbody tr").Select(r => (r.Children[0].TextContent, r.Children[1].TextContent, r.QuerySelector("data")!.GetAttribute("value"))).ToList();
        var elderCare = figures.GetProperty("providerFlows").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "elder-care");
        Assert.Contains(("居民付款", "长者服务中心 Elder-care centre", elderCare.GetProperty("residentsPaid").GetProperty("amount").GetString()), flow);
        Assert.Contains(("长者服务中心 Elder-care centre", "社区基金 Community fund", elderCare.GetProperty("fund").GetProperty("amount").GetString()), flow);
        Assert.Contains(("社区基金 Community fund", "项目：stairway-repair", "3000.00"), flow);
        Assert.NotNull(page.QuerySelector("#m-2026-03 .chart[data-chart='flow'][data-period='2026-03']"));
    }

    [Fact]
    public async Task MonthsNotPublished_NeverAppear()
    {
        await CloseThroughAsync(Admin, "2026-01", "2026-02", "2026-03", "2026-04");
        await PublishAsync(Admin, "2026-03");

        var page = Parse((await GetPageAsync(Anonymous)).Html);

        Assert.Equal(["m-2026-03"], page.QuerySelectorAll("section.month").Select(s => s.Id!));
        Assert.Single(page.QuerySelectorAll("table[data-table='months'] tbody tr"));
        Assert.DoesNotContain("2026年4月", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePage_NamesNoResident()
    {
        await PublishMarchAsync(Admin);

        var (_, html) = await GetPageAsync(Anonymous);

        Assert.DoesNotMatch(new Regex(@"r-\d{4}"), html);
    }

    [Fact]
    public async Task DonorsAreAnonymousOnThePage_UnlessTheyConsentedToBeNamed()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostJsonAsync("/ledgers/demo/fund/donations",
            """{"fund":"fund","date":"2026-03-25","amount":{"amount":"88.00","currency":"CNY"},"donor":"王阿姨","publishDonor":true}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostJsonAsync("/ledgers/demo/fund/donations",
            """{"fund":"fund","date":"2026-03-26","amount":{"amount":"66.00","currency":"CNY"},"donor":"李先生"}""")).StatusCode);
        await PublishMarchAsync(Admin);

        var (_, html) = await GetPageAsync(Anonymous);

        Assert.Contains("王阿姨", html, StringComparison.Ordinal);
        Assert.DoesNotContain("李先生", html, StringComparison.Ordinal);
        Assert.Equal(3, Parse(html).QuerySelectorAll("#m-2026-03 table[data-table='donations'] .anon").Length);
    }

    [Fact]
    public async Task ThePage_IsInChineseFirst_AndInEnglishThroughItsSwitch()
    {
        await PublishMarchAsync(Admin);

        var chinese = Parse((await GetPageAsync(Anonymous)).Html);
        var english = Parse((await GetPageAsync(Anonymous, "/public/demo?lang=en")).Html);

        Assert.Equal(("zh-CN", "?lang=en"), (chinese.DocumentElement.GetAttribute("lang"), chinese.QuerySelector("nav.lang a")!.GetAttribute("href")));
        Assert.Equal(("en", "?lang=zh"), (english.DocumentElement.GetAttribute("lang"), english.QuerySelector("nav.lang a")!.GetAttribute("href")));
        Assert.Equal("March 2026", english.QuerySelector("#m-2026-03 h2")!.TextContent);
        Assert.Equal("2026年3月", chinese.QuerySelector("#m-2026-03 h2")!.TextContent);
    }

    [Fact]
    public async Task ALaterReversal_AppearsOnThePageAsACorrectionNote_AndThePublishedFiguresStay()
    {
        await PublishMarchAsync(Admin);
        var before = Parse((await GetPageAsync(Anonymous)).Html);
        var journals = await (await Admin.GetAsync("/ledgers/demo/journals?limit=500")).JsonAsync();
        var grant = journals.GetProperty("items").EnumerateArray().First(j => j.GetProperty("kind").GetString() == "grant");

        var reversal = await (await Admin.PostJsonAsync($"/ledgers/demo/journals/{grant.GetProperty("id").GetString()}/reversal", """{"reason":"paid to the wrong project","date":"2026-04-02"}""")).JsonAsync();
        var after = Parse((await GetPageAsync(Anonymous)).Html);

        Assert.NotNull(before.QuerySelector("#m-2026-03 .corrections-none"));
        var note = after.QuerySelectorAll("#m-2026-03 table[data-table='corrections'] tbody tr").Single();
        Assert.Equal(reversal.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), note.Children[0].TextContent);
        Assert.Contains("paid to the wrong project", note.Children[2].TextContent, StringComparison.Ordinal);
        Assert.Equal(Amounts(before, "#m-2026-03", "grants"), Amounts(after, "#m-2026-03", "grants"));
    }

    [Fact]
    public async Task TheLatestPublication_IsShownWithHowToVerifyIt_AndItsFileIsPublic()
    {
        var published = await PublishMarchAsync(Admin);

        var page = Parse((await GetPageAsync(Anonymous)).Html);
        var file = await Anonymous.GetAsync(page.QuerySelector("#verify a[href*='/publications/']")!.GetAttribute("href"));

        var codes = page.QuerySelectorAll("#verify dl code").Select(c => c.TextContent).ToList();
        Assert.Equal([published.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), published.GetProperty("hash").GetString()!,
            published.GetProperty("digest").GetString()!, published.GetProperty("keyId").GetString()!, published.GetProperty("signature").GetString()!], codes);
        var key = await (await Admin.GetAsync("/ledgers/demo/checkpoint/key")).JsonAsync();
        Assert.Equal(key.GetProperty("publicKeyPem").GetString()!.Trim(), page.QuerySelector("#verify pre.key")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(published.GetProperty("figuresJson").GetString(), (await file.JsonAsync()).GetProperty("figuresJson").GetString());
    }

    [Fact]
    public async Task TheDemosPublishedMarch_ReadsAsApproved()
    {
        await PublishMarchAsync(Admin);

        var page = Parse((await GetPageAsync(Anonymous)).Html);

        // Headings, table rows (cells joined by " | ") and definitions of the month, in page order.
        var lines = page.QuerySelectorAll("#m-2026-03 h2, #m-2026-03 h3, #m-2026-03 tr, #m-2026-03 dt, #m-2026-03 dd, #m-2026-03 p").Select(e =>
            e.LocalName == "tr" ? string.Join(" | ", e.Children.Select(c => c.TextContent.Trim())) : e.TextContent.Trim());
        Snapshooter.Xunit.Snapshot.Match(lines.ToList());
    }

    [Fact]
    public async Task ALedgerThatPublishedNothing_IsAFriendly404Page()
    {
        var (response, html) = await GetPageAsync(Anonymous);
        var (unknown, _) = await GetPageAsync(Anonymous, "/public/no-such-ledger");

        Assert.Equal((HttpStatusCode.NotFound, "text/html"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Equal("尚无公示", Parse(html).QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
