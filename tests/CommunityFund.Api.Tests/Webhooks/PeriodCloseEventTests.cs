using System.Net;
using System.Text.Json;
using Npgsql;

namespace CommunityFund.Api.Tests.Webhooks;

/// <summary>A period close is one <c>period.closed</c> event of the change feed, written with the lock, whether or not the
/// close posted closing journals; the closing journals are <c>closing.posted</c> events before it, which it lists; the
/// feed stays gapless and in commit order, and webhooks deliver the close. On SQLite (the default) and PostgreSQL.</summary>
public abstract class PeriodCloseEventContract : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    /// <summary>The API under test.</summary>
    protected ApiApplication App { get; set; } = null!;

    /// <summary>Starts the API (with fast webhook polling).</summary>
    protected abstract Task<ApiApplication> StartAsync(Dictionary<string, string?> settings);

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        App = await StartAsync(new()
        {
            ["Webhooks:PollInterval"] = "00:00:00.050",
            ["Webhooks:FirstBackoff"] = "00:00:00.050",
            ["Webhooks:MaxBackoff"] = "00:00:00.200",
        });
    }

    public virtual async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await App.DisposeAsync();
    }

    private HttpClient Admin => App.Client(ApiApplication.Admin);

    [Fact]
    public async Task EachClose_IsOneEvent_InCommitOrder_ListingItsClosingJournals_WhichAreClosingPostedEventsBeforeIt()
    {
        var closes = new List<JsonElement>();
        foreach (var period in new[] { "2026-01", "2026-02", "2026-03" })
        {
            var close = await Admin.PostJsonAsync($"/ledgers/demo/periods/{period}/close", "{}");
            Assert.Equal(HttpStatusCode.OK, close.StatusCode);
            closes.Add(await close.JsonAsync());
        }

        var events = await FeedAsync(App.Client(ApiApplication.Admin));

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("position").GetInt64()));
        var closed = events.Where(e => e.GetProperty("type").GetString() == "period.closed").ToList();
        Assert.Equal(["period:2026-01", "period:2026-02", "period:2026-03"], closed.Select(e => e.GetProperty("sourceReference").GetString()));
        Assert.Equal(["2026-01-31", "2026-02-28", "2026-03-31"], closed.Select(e => e.GetProperty("date").GetString()));
        for (var i = 0; i < closes.Count; i++)
        {
            var journals = closes[i].GetProperty("closingJournals").EnumerateArray().Select(j => $"/ledgers/demo/journals/{j.GetProperty("id").GetString()}").ToList();
            Assert.Equal(journals, closed[i].GetProperty("journals").EnumerateArray().Select(j => j.GetString()));
            Assert.All(journals, journal =>
            {
                var entry = events.Single(e => e.GetProperty("journal").GetString() == journal);
                Assert.Contains(entry.GetProperty("type").GetString(), new[] { "closing.posted", "restriction.released" });
                Assert.True(entry.GetProperty("position").GetInt64() < closed[i].GetProperty("position").GetInt64());
            });
            Assert.Equal(JsonValueKind.Null, closed[i].GetProperty("journal").ValueKind);
        }

        Assert.Contains(closes, c => c.GetProperty("closingJournals").GetArrayLength() == 0);
        Assert.Contains(closes, c => c.GetProperty("closingJournals").GetArrayLength() > 0);
    }

    [Fact]
    public async Task TheFeed_KeepsItsPositions_WhenClosesAndPostingsFollow()
    {
        var before = await FeedAsync(Admin);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostJsonAsync("/ledgers/demo/periods/2026-01/close", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await App.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostJsonAsync("/ledgers/demo/periods/2026-02/close", "{}")).StatusCode);

        var after = await FeedAsync(Admin, pageSize: 3);

        Assert.Equal(before.Select(e => (e.GetProperty("id").GetString(), e.GetProperty("position").GetInt64())),
            after.Take(before.Count).Select(e => (e.GetProperty("id").GetString(), e.GetProperty("position").GetInt64())));
        Assert.Equal(["period.closed", "sale.recorded", "distribution.posted", "period.closed"],
            after.Skip(before.Count).Select(e => e.GetProperty("type").GetString()).Where(t => t != "closing.posted" && t != "restriction.released"));
        Assert.Equal(Enumerable.Range(1, after.Count).Select(i => (long)i), after.Select(e => e.GetProperty("position").GetInt64()));
    }

    [Fact]
    public async Task AProviderKey_SeesTheCloses()
    {
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostJsonAsync("/ledgers/demo/periods/2026-01/close", "{}")).StatusCode);

        var events = await FeedAsync(App.Client(ApiApplication.ElderCare));

        Assert.Single(events, e => e.GetProperty("type").GetString() == "period.closed");
    }

    [Fact]
    public async Task AWebhook_DeliversOneEventPerClose()
    {
        var created = await Admin.PostJsonAsync("/ledgers/demo/webhooks",
            $$"""{"url":"{{_receiver.Url}}","secret":"{{WebhookReceiver.Secret}}","eventTypes":["period.closed"],"after":0}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        foreach (var period in new[] { "2026-01", "2026-02", "2026-03" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Admin.PostJsonAsync($"/ledgers/demo/periods/{period}/close", "{}")).StatusCode);
        }

        await _receiver.WaitUntilAsync(r => r.TakenSnapshot().Count >= 3, 60, "three closes");

        var taken = _receiver.TakenSnapshot();
        Assert.All(taken, r => Assert.True(r.SignatureValid));
        Assert.Equal(["period:2026-01", "period:2026-02", "period:2026-03"], taken.Select(r => r.Body.GetProperty("sourceReference").GetString()));
        Assert.Equal(["period.closed", "period.closed", "period.closed"], taken.Select(r => r.Type));
        var feed = await FeedAsync(Admin);
        Assert.Equal(feed.Where(e => e.GetProperty("type").GetString() == "period.closed").Select(e => e.GetProperty("id").GetString()), taken.Select(r => r.EventId));
    }

    private static async Task<List<JsonElement>> FeedAsync(HttpClient client, int pageSize = 100)
    {
        var events = new List<JsonElement>();
        for (var after = 0L; ;)
        {
            var page = await (await client.GetAsync($"/ledgers/demo/events?after={after}&limit={pageSize}")).JsonAsync();
            var items = page.GetProperty("events").EnumerateArray().ToList();
            if (items.Count == 0)
            {
                return events;
            }

            events.AddRange(items);
            after = page.GetProperty("next").GetInt64();
        }
    }
}

/// <summary>The period close events on SQLite.</summary>
public sealed class PeriodCloseEventTests : PeriodCloseEventContract
{
    protected override Task<ApiApplication> StartAsync(Dictionary<string, string?> settings) => Task.FromResult(new ApiApplication(settings));
}

/// <summary>The period close events on PostgreSQL (started by scripts/test.sh).</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresPeriodCloseEventTests : PeriodCloseEventContract
{
    private readonly string _database = $"cf_api_{Guid.NewGuid():N}";
    private string _admin = string.Empty;

    protected override async Task<ApiApplication> StartAsync(Dictionary<string, string?> settings)
    {
        _admin = Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN")
            ?? throw new InvalidOperationException("No PostgreSQL server: set COMMUNITYFUND_PG_ADMIN (./scripts/test.sh starts a throw-away server).");
        await PostgresFlowTests.ExecuteAsync(_admin, $"CREATE DATABASE {_database}");
        settings["Books:Provider"] = "Postgres";
        settings["Books:ConnectionString"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _database, Pooling = true }.ConnectionString;
        return new ApiApplication(settings);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await PostgresFlowTests.ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }
}
