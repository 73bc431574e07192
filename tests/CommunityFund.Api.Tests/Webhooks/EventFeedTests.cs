using System.Net;
using System.Text.Json;

namespace CommunityFund.Api.Tests.Webhooks;

/// <summary>The change feed, GET /ledgers/{ledgerId}/events: pages in commit order, scoped for a provider, bad queries refused.</summary>
public sealed class EventFeedTests : IDisposable
{
    private readonly ApiApplication _app = new(new() { ["Webhooks:Enabled"] = "false" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Feed_PagesInCommitOrder_WithNext()
    {
        var provider = _app.Client(ApiApplication.ElderCare);
        var sales = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var sale = await provider.PostJsonAsync("/ledgers/demo/sales", Http.Sale());
            Assert.Equal(HttpStatusCode.Created, sale.StatusCode);
            sales.Add((await sale.JsonAsync()).GetProperty("id").GetString()!);
        }

        var admin = _app.Client(ApiApplication.Admin);
        var events = new List<JsonElement>();
        var after = 0L;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 1_000);
            var page = await (await admin.GetAsync($"/ledgers/demo/events?after={after}&limit=7")).JsonAsync();
            var items = page.GetProperty("events").EnumerateArray().ToList();
            Assert.True(items.Count <= 7);
            if (items.Count == 0)
            {
                Assert.Equal(after, page.GetProperty("next").GetInt64());
                break;
            }

            Assert.Equal(items[^1].GetProperty("position").GetInt64(), page.GetProperty("next").GetInt64());
            events.AddRange(items);
            after = page.GetProperty("next").GetInt64();
        }

        // Every journal is one event, gapless from 1, each linking its journal.
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("position").GetInt64()));
        var head = (await (await admin.GetAsync("/ledgers/demo/journals?limit=500")).JsonAsync()).GetProperty("items").EnumerateArray().Count();
        Assert.True(events.Count >= head, $"{events.Count} events, {head} journals on the first page");
        var saleEvents = events.Where(e => e.GetProperty("type").GetString() == "sale.recorded").ToList();
        Assert.Equal(sales.Select(s => "sale:" + s), saleEvents.TakeLast(3).Select(e => e.GetProperty("sourceReference").GetString()));
        var last = saleEvents[^1];
        Assert.Equal(["elder-care"], last.GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("100.00", last.GetProperty("amounts")[0].GetProperty("amount").GetString());
        var journal = await admin.GetAsync(last.GetProperty("journal").GetString());
        Assert.Equal(HttpStatusCode.OK, journal.StatusCode);
        Assert.Equal(last.GetProperty("id").GetString(), (await journal.JsonAsync()).GetProperty("id").GetString());

        // Beyond the head: an empty page, and 'next' stays where it was asked.
        var beyond = await (await admin.GetAsync("/ledgers/demo/events?after=999999")).JsonAsync();
        Assert.Empty(beyond.GetProperty("events").EnumerateArray());
        Assert.Equal(999_999, beyond.GetProperty("next").GetInt64());
    }

    [Fact]
    public async Task Feed_ForAProvider_HasOnlyItsOwnEntitysEvents()
    {
        Assert.Equal(HttpStatusCode.Created, (await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale())).StatusCode);
        var all = await EventsAsync(_app.Client(ApiApplication.Admin));
        var cafe = await EventsAsync(_app.Client(ApiApplication.Cafe));

        Assert.NotEmpty(cafe);
        Assert.True(cafe.Count < all.Count);
        Assert.All(cafe, e => Assert.Equal(["cafe"], e.GetProperty("entities").EnumerateArray().Select(x => x.GetString())));
        var cafeIds = cafe.Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(all.Where(e => e.GetProperty("entities").EnumerateArray().Any(x => x.GetString() == "cafe")).Select(e => e.GetProperty("id").GetString()), cafeIds);
    }

    [Theory]
    [InlineData("after=-1")]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("after=abc")]
    [InlineData("limit=many")]
    public async Task Feed_BadQuery_Is400ProblemDetails(string query)
    {
        var response = await _app.Client(ApiApplication.Trustee).GetAsync($"/ledgers/demo/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(await response.CodeAsync());
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client)
    {
        var page = await (await client.GetAsync("/ledgers/demo/events?limit=1000")).JsonAsync();
        return [.. page.GetProperty("events").EnumerateArray()];
    }
}
