using System.Net;
using System.Net.Http.Headers;
using static CommunityFund.Api.Tests.Pages.PublicPageFixture;

namespace CommunityFund.Api.Tests.Pages;

/// <summary>The public page's defences: its Content-Security-Policy and other headers, no inline script, hostile text
/// encoded, the per-address rate limit, and the cache (ETag, 304) of the page and its assets.</summary>
public sealed class PublicPageSecurityTests : IDisposable
{
    private const string Hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>\u202Eevil\u2066";
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    private HttpClient Anonymous => _app.Client(null);

    [Fact]
    public async Task ThePage_HasAContentSecurityPolicyWithoutInlineScriptOrThirdParties_AndTheOtherSecurityHeaders()
    {
        await PublishMarchAsync(Admin);

        var (response, _) = await GetPageAsync(Anonymous);

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task EveryScriptOfThePage_IsAFileOfThisServer_OrAJsonDataIsland_AndNoStyleIsInline()
    {
        await PublishMarchAsync(Admin);

        var page = Parse((await GetPageAsync(Anonymous)).Html);

        Assert.All(page.Scripts, s => Assert.True(s.Source?.StartsWith("/pages/", StringComparison.Ordinal) == true || (s.Type == "application/json" && string.IsNullOrEmpty(s.Source)), s.OuterHtml[..Math.Min(80, s.OuterHtml.Length)]));
        Assert.Contains(page.Scripts, s => s.Type == "application/json");
        Assert.Empty(page.QuerySelectorAll("style, [style]"));
        Assert.All(page.QuerySelectorAll("link[rel=stylesheet]"), l => Assert.StartsWith("/pages/", l.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostileNames_AreShownAsText_AndInjectNoElementOrAttribute()
    {
        await RecordHostileNamesAsync();
        await PublishMarchAsync(Admin);
        var journals = await (await Admin.GetAsync("/ledgers/demo/journals?limit=500")).JsonAsync();
        var donation = journals.GetProperty("items").EnumerateArray().Last(j => j.GetProperty("kind").GetString() == "donation");
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostJsonAsync($"/ledgers/demo/journals/{donation.GetProperty("id").GetString()}/reversal",
            System.Text.Json.JsonSerializer.Serialize(new { reason = Hostile, date = "2026-04-02" }))).StatusCode);

        var (_, html) = await GetPageAsync(Anonymous);

        var page = Parse(html);
        Assert.Empty(page.QuerySelectorAll("img"));
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(page.Scripts, s => s.TextContent.Contains("alert", StringComparison.Ordinal) && s.Type != "application/json");
        Assert.DoesNotContain('\u202E', html);
        Assert.DoesNotContain('\u2066', html);
        var shown = page.Body!.TextContent;
        Assert.Contains("<script>alert(1)</script>\"><img src=x onerror=alert(1)>[U+202E]evil[U+2066]", shown, StringComparison.Ordinal);
        foreach (var where in new[] { "table[data-table='donations']", "table[data-table='grants']", "table[data-table='flow']", "table[data-table='corrections']", "table[data-table='restrictions']" })
        {
            Assert.Contains("[U+202E]evil", page.QuerySelector($"#m-2026-03 {where}")!.TextContent, StringComparison.Ordinal);
        }

        var island = page.QuerySelector("script[type='application/json']")!.TextContent;
        Assert.DoesNotContain("</script", island, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Strings(System.Text.Json.JsonDocument.Parse(island).RootElement), t => t.Contains("<script>alert(1)</script>", StringComparison.Ordinal) && t.Contains("[U+202E]evil", StringComparison.Ordinal));
    }

    /// <summary>An organisation, its package (sold in March), a named donor with a restriction, and a grant's project
    /// and purpose, all named with hostile text.</summary>
    private async Task RecordHostileNamesAsync()
    {
        var json = (object value) => System.Text.Json.JsonSerializer.Serialize(value);
        var cny = (string amount) => new { amount, currency = "CNY" };
        await Created(Admin.PostJsonAsync("/ledgers/demo/entities", json(new { id = "hostile-org", name = Hostile, kind = "provider", profile = "smeCn" })));
        await Created(Admin.PostJsonAsync("/ledgers/demo/packages", json(new
        {
            id = "hostile-package", provider = "hostile-org", nameZh = Hostile, nameEn = Hostile, sessions = 1, hours = new { amount = "1.00", currency = "HOUR" },
            tiers = new { paid = new { price = cny("50.00") } }, effectiveFrom = "2026-03-01",
        })));
        await Created(Admin.PostJsonAsync("/ledgers/demo/sales", json(new
        {
            provider = "hostile-org", packageId = "hostile-package", tier = "paid", quantity = 2, unitPrice = cny("50.00"), channel = "weChatPay", date = "2026-03-20", residentReference = "r-0999",
        })));
        await Created(Admin.PostJsonAsync("/ledgers/demo/fund/donations", json(new { fund = "fund", date = "2026-03-21", amount = cny("500.00"), donor = Hostile, publishDonor = true, restriction = Hostile })));
        await Created(Admin.PostJsonAsync("/ledgers/demo/fund/grants", json(new { fund = "fund", project = "hostile-project", date = "2026-03-22", amount = cny("100.00"), purpose = Hostile })));
    }

    private static IEnumerable<string> Strings(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [e.GetString()!],
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    private static async Task Created(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePage_CarriesAnETag_AndAnswers304WhenTheClientHasIt()
    {
        await PublishMarchAsync(Admin);
        var (first, _) = await GetPageAsync(Anonymous);

        var again = new HttpRequestMessage(HttpMethod.Get, "/public/demo");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await Anonymous.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Contains("max-age", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherPublication_ChangesThePagesETag()
    {
        await CloseThroughAsync(Admin, "2026-01", "2026-02", "2026-03");
        await PublishAsync(Admin, "2026-02");
        var (first, _) = await GetPageAsync(Anonymous);

        await PublishAsync(Admin, "2026-03");
        var (second, html) = await GetPageAsync(Anonymous);

        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(["m-2026-03", "m-2026-02"], Parse(html).QuerySelectorAll("section.month").Select(s => s.Id!));
    }

    [Fact]
    public async Task ThePages_AreRateLimitedPerClientAddress_WithA429Problem()
    {
        using var app = new ApiApplication(new Dictionary<string, string?> { ["Pages:RequestsPerMinutePerAddress"] = "3" });
        var client = app.Client(null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.GetAsync("/public/demo")).StatusCode);
        }

        var limited = await client.GetAsync("/public/demo");
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(("application/problem+json", "rate_limit.exceeded"), (limited.Content.Headers.ContentType?.MediaType, await limited.CodeAsync()));
    }

    [Fact]
    public async Task TheAssets_AreServedCompressed_WithAnETag_AndCachedForAYearUnderTheirVersion()
    {
        await PublishMarchAsync(Admin);
        var page = Parse((await GetPageAsync(Anonymous)).Html);
        var css = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;

        var request = new HttpRequestMessage(HttpMethod.Get, css);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var response = await Anonymous.SendAsync(request);
        var again = new HttpRequestMessage(HttpMethod.Get, css);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);

        Assert.Equal((HttpStatusCode.OK, "gzip"), (response.StatusCode, response.Content.Headers.ContentEncoding.Single()));
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.NotModified, (await Anonymous.SendAsync(again)).StatusCode);
    }
}
