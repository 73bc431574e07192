using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>Who may do what: keys, roles, and objects of other ledgers and other entities (BOLA).</summary>
public sealed class SecurityTests : IDisposable
{
    // A private SQLite database per test.
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task NoKey_Is401WithAProblem()
    {
        var response = await _app.Client(null).GetAsync("/ledgers/demo/sales");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("auth.unauthenticated", await response.CodeAsync());
    }

    [Theory]
    [InlineData("cf_demo_admin_wrong-secret")]
    [InlineData("cf_demo_nobody_demo-hub-admin")]
    [InlineData("not-a-key")]
    [InlineData("cf_other_admin_demo-hub-admin")]
    public async Task WrongKey_Is401(string key)
    {
        var response = await _app.Client(key).GetAsync("/ledgers/demo/sales");

        Assert.Equal((HttpStatusCode.Unauthorized, "auth.invalid_key"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task KeyInTheQueryString_IsRefused()
    {
        var response = await _app.Client(null).GetAsync($"/ledgers/demo/sales?api_key={ApiApplication.Admin}");

        Assert.Equal((HttpStatusCode.Unauthorized, "auth.key_in_query"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task BearerKey_IsAccepted()
    {
        var client = _app.Client(null);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiApplication.Trustee);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ledgers/demo/verification")).StatusCode);
    }

    [Fact]
    public async Task AnotherLedger_IsNotFoundAndLeaksNothing()
    {
        var response = await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/other/sales");

        Assert.Equal((HttpStatusCode.NotFound, "ledger.not_found"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task Provider_CannotSellForAnotherProvider()
    {
        var response = await _app.Client(ApiApplication.Cafe).PostJsonAsync("/ledgers/demo/sales", Http.Sale(provider: "elder-care"));

        Assert.Equal((HttpStatusCode.Forbidden, "auth.forbidden_entity"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task Provider_CannotSeeAnotherProvidersSale()
    {
        var sale = await (await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-20"))).JsonAsync();
        var id = sale.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await _app.Client(ApiApplication.Cafe).GetAsync($"/ledgers/demo/sales/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.Client(ApiApplication.Cafe).PostJsonAsync($"/ledgers/demo/sales/{id}/refunds",
            """{"amount":{"amount":"1.00","currency":"CNY"},"date":"2026-04-21","reason":"x"}""")).StatusCode);
    }

    [Fact]
    public async Task Provider_SeesOnlyItsOwnSalesAndBooks()
    {
        var cafe = _app.Client(ApiApplication.Cafe);
        var sales = await (await cafe.GetAsync("/ledgers/demo/sales")).JsonAsync();

        Assert.All(sales.EnumerateArray(), s => Assert.Equal("cafe", s.GetProperty("provider").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await cafe.GetAsync("/ledgers/demo/entities/elder-care/trial-balance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cafe.GetAsync("/ledgers/demo/journals?entity=elder-care")).StatusCode);
        var journals = await (await cafe.GetAsync("/ledgers/demo/journals")).JsonAsync();
        Assert.All(journals.GetProperty("items").EnumerateArray(), j => Assert.All(j.GetProperty("lines").EnumerateArray(), l => Assert.Equal("cafe", l.GetProperty("entity").GetString())));
    }

    [Fact]
    public async Task Provider_CannotReachAnotherProvidersObjectsThroughAnyRoute()
    {
        var cafe = _app.Client(ApiApplication.Cafe);
        var elder = _app.Client(ApiApplication.ElderCare);
        var prepaid = await (await elder.PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-22").Replace("\"residentReference\"", "\"prepaid\":true,\"residentReference\"", StringComparison.Ordinal))).JsonAsync();
        var journalId = (await (await elder.GetAsync("/ledgers/demo/journals?limit=1")).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetString();

        var attempts = new (string Name, Task<HttpResponseMessage> Call, HttpStatusCode Expected)[]
        {
            ("publish a package for elder-care", cafe.PostJsonAsync("/ledgers/demo/packages", """{"id":"stolen","provider":"elder-care","nameZh":"偷","nameEn":"Stolen","sessions":1,"hours":{"amount":"0.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"1.00","currency":"CNY"}}},"effectiveFrom":"2026-04-01"}"""), HttpStatusCode.Forbidden),
            ("deliver elder-care's prepaid sale", cafe.PostJsonAsync("/ledgers/demo/deliveries", $$"""{"date":"2026-04-23","sessions":1,"sale":"{{prepaid.GetProperty("id").GetString()}}"}"""), HttpStatusCode.NotFound),
            ("deliver free sessions as elder-care", cafe.PostJsonAsync("/ledgers/demo/deliveries", """{"date":"2026-04-23","sessions":1,"provider":"elder-care","packageId":"elder-meals"}"""), HttpStatusCode.Forbidden),
            ("read elder-care's statement", cafe.GetAsync("/ledgers/demo/statements/elder-care.hub.2026-03"), HttpStatusCode.NotFound),
            ("read elder-care's balances", cafe.GetAsync("/ledgers/demo/entities/elder-care/balances"), HttpStatusCode.Forbidden),
            ("read elder-care's distributions", cafe.GetAsync("/ledgers/demo/reports/distributions?provider=elder-care"), HttpStatusCode.Forbidden),
            ("read elder-care's sales", cafe.GetAsync("/ledgers/demo/sales?provider=elder-care"), HttpStatusCode.Forbidden),
            ("read elder-care's journal", cafe.GetAsync($"/ledgers/demo/journals/{journalId}"), HttpStatusCode.NotFound),
        };

        foreach (var (name, call, expected) in attempts)
        {
            var response = await call;
            Assert.True(response.StatusCode == expected, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Trustee_WritesNothing()
    {
        var response = await _app.Client(ApiApplication.Trustee).PostJsonAsync("/ledgers/demo/sales", Http.Sale());

        Assert.Equal((HttpStatusCode.Forbidden, "auth.forbidden"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task Provider_CannotRunTheAudit() =>
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Client(ApiApplication.ElderCare).GetAsync("/ledgers/demo/verification")).StatusCode);
}
