using System.Net;
using System.Text;

namespace CommunityFund.Api.Tests;

/// <summary>Bad input gets a clear problem (never a 500) and writes nothing; idempotency keys replay or conflict.</summary>
public sealed class InputTests : IDisposable
{
    // A private SQLite database per test.
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Validation_ListsEveryFailingFieldAtOnce()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales",
            """{"provider":"Elder Care","packageId":"","tier":"paid","quantity":0,"unitPrice":{"amount":"1.00","currency":"CNY"},"channel":"cash","date":"2026-04-02","residentReference":""}""");

        Assert.Equal((HttpStatusCode.BadRequest, "validation.failed"), (response.StatusCode, await response.CodeAsync()));
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("provider", out _) && errors.TryGetProperty("packageId", out _) && errors.TryGetProperty("quantity", out _) && errors.TryGetProperty("residentReference", out _), errors.ToString());
    }

    [Theory]
    [InlineData("""{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":1,"unitPrice":{"amount":100.00,"currency":"CNY"},"channel":"cash","date":"2026-04-02","residentReference":"r-1"}""", "request.malformed_json")]
    [InlineData("""{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":1,"unitPrice":{"amount":"100.001","currency":"CNY"},"channel":"cash","date":"2026-04-02","residentReference":"r-1"}""", "request.malformed_json")]
    [InlineData("""{"provider":"elder-care","packageId":"elder-meals","tier":3,"quantity":1,"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"cash","date":"2026-04-02","residentReference":"r-1"}""", "request.malformed_json")]
    [InlineData("""{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":1,"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"cash","date":"2026-04-02","residentReference":"r-1","id":"x"}""", "request.malformed_json")]
    [InlineData("""{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":1,"unitPrice":{"amount":"100.00","currency":"USD"},"channel":"cash","date":"2026-04-02","residentReference":"r-1"}""", "request.malformed_json")]
    [InlineData("""{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":99999999999,"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"cash","date":"2026-04-02","residentReference":"r-1"}""", "request.malformed_json")]
    [InlineData("""{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":1,"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"cash","date":"2026-13-45","residentReference":"r-1"}""", "request.malformed_json")]
    [InlineData("""{"provider":"elder-care",""", "request.malformed_json")]
    [InlineData("[]", "request.malformed_json")]
    [InlineData("null", "request.malformed")]
    public async Task MalformedBodies_Are400WithTheirCode_AndWriteNothing(string body, string code)
    {
        var before = await SaleCountAsync();

        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await response.CodeAsync());
        Assert.Equal(before, await SaleCountAsync());
    }

    [Fact]
    public async Task PackageWithATierWithoutItsPrice_Is400()
    {
        var response = await _app.Client(ApiApplication.Admin).PostJsonAsync("/ledgers/demo/packages",
            """{"id":"p-null","provider":"cafe","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":null},"effectiveFrom":"2026-04-01"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation.failed", await response.CodeAsync());
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ledgers/demo/sales") { Content = new StringContent(Http.Sale(), Encoding.UTF8, "text/plain") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await _app.Client(ApiApplication.ElderCare).SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", "{\"provider\":\"" + new string('x', 2_000_000) + "\"}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task JournalWithMoreThanTheMaximumLines_Is400()
    {
        var line = """{"entity":"elder-care","account":"1001","side":"debit","amount":{"amount":"1.00","currency":"CNY"}}""";
        var body = "{\"date\":\"2026-04-01\",\"memo\":\"too long\",\"lines\":[" + string.Join(",", Enumerable.Repeat(line, 1_001)) + "]}";

        var response = await _app.Client(ApiApplication.Admin).PostJsonAsync("/ledgers/demo/journals", body);

        Assert.Equal((HttpStatusCode.BadRequest, "validation.failed"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        var response = await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/nothing-here");

        Assert.Equal((HttpStatusCode.NotFound, "route.not_found"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task BusinessRuleBroken_Is422WithItsCode()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale(price: "99.00"));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "sale.price_mismatch"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task MissingIdempotencyKey_Is400()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale(), idempotencyKey: null);

        Assert.Equal((HttpStatusCode.BadRequest, "idempotency.key_required"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task Replay_ReturnsTheOriginalResponse_AndAnotherBodyIsAConflict()
    {
        var client = _app.Client(ApiApplication.ElderCare);
        var key = Guid.NewGuid().ToString();
        var first = await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-10"), key);
        var replay = await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-10"), key);
        var conflict = await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-11"), key);

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((HttpStatusCode.Conflict, "idempotency.conflict"), (conflict.StatusCode, await conflict.CodeAsync()));
    }

    [Fact]
    public async Task ConcurrentReplays_PostOneSale()
    {
        var client = _app.Client(ApiApplication.ElderCare);
        var key = Guid.NewGuid().ToString();
        var before = await SaleCountAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-12"), key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses.Select(r => r.Content.ReadAsStringAsync().Result).Distinct());
        Assert.Equal(before + 1, await SaleCountAsync());
    }

    private async Task<int> SaleCountAsync() =>
        (await (await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/sales")).JsonAsync()).GetArrayLength();
}
