using System.Net;
using CommunityFund.Api.Webhooks;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CommunityFund.Api.Tests.Webhooks;

/// <summary>The delivery log is kept for <c>Webhooks:DeliveryLogRetentionDays</c> (30 by default): the delivery service
/// prunes older attempts, by its clock, once per <c>Webhooks:PruneInterval</c>; subscribers and cursors stay.</summary>
public sealed class WebhookRetentionTests : IAsyncLifetime
{
    private static readonly LedgerId Demo = LedgerId.From("demo");
    private readonly ManualClock _clock = new(Instant.FromUtc(2026, 6, 1, 0, 0));
    private ApiApplication _app = null!;
    private string _webhook = string.Empty;

    public async Task InitializeAsync()
    {
        _app = new ApiApplication(new() { ["Webhooks:Enabled"] = "false" });
        var created = await _app.Client(ApiApplication.Admin).PostJsonAsync("/ledgers/demo/webhooks",
            """{"url":"http://127.0.0.1:9/hook","secret":"0123456789abcdef0123456789abcdef"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _webhook = (await created.JsonAsync()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private WebhookSubscriptions Subscriptions => _app.Services.GetRequiredService<WebhookSubscriptions>();

    private WebhookLogRetention Retention(int days = 30, string interval = "01:00:00") =>
        new(_app.Services.GetRequiredService<ILedgerStore>(), Subscriptions, Settings(days, interval), _clock);

    private static WebhookSettings Settings(int days, string interval) => WebhookSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Webhooks:DeliveryLogRetentionDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:PruneInterval"] = interval,
    }).Build());

    private Task LogAsync(long position, Duration age) =>
        Subscriptions.LogAsync(Demo, new WebhookAttempt(_webhook, Guid.NewGuid(), position, "sale.recorded", 1, 200, null, _clock.GetCurrentInstant() - age, null));

    [Fact]
    public async Task Pruning_DeletesTheAttemptsOlderThanTheRetention_AndKeepsTheRest()
    {
        await LogAsync(1, Duration.FromDays(31));
        await LogAsync(2, Duration.FromDays(29));

        var deleted = await Retention().PruneAsync();

        Assert.Equal(1, deleted);
        Assert.Equal([2L], (await Subscriptions.AttemptsAsync(Demo, _webhook)).Select(a => a.Position));
        Assert.NotNull(await Subscriptions.FindAsync(Demo, _webhook));
    }

    [Fact]
    public async Task Pruning_KeepsTheCursor()
    {
        await Subscriptions.MoveCursorAsync(Demo, _webhook, 7);
        await LogAsync(7, Duration.FromDays(90));

        await Retention().PruneAsync();

        Assert.Equal(7, await Subscriptions.CursorAsync(Demo, _webhook));
        Assert.Empty(await Subscriptions.AttemptsAsync(Demo, _webhook));
    }

    [Fact]
    public async Task Pruning_RunsAtMostOncePerInterval_ByTheClock()
    {
        var retention = Retention(days: 1, interval: "01:00:00");
        await LogAsync(1, Duration.FromDays(2));
        Assert.Equal(1, await retention.PruneIfDueAsync());

        await LogAsync(2, Duration.FromDays(2));
        _clock.Advance(Duration.FromMinutes(59));
        Assert.Equal(0, await retention.PruneIfDueAsync());

        _clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, await retention.PruneIfDueAsync());
    }

    [Fact]
    public async Task AnAttemptLoggedWithoutItsTime_ByVersion1_ReadsAsTheEpoch_AndIsPruned()
    {
        var json = $$"""{"Subscription":"{{_webhook}}","EventId":"{{Guid.NewGuid()}}","Position":3,"EventType":"sale.recorded","Attempt":1,"StatusCode":200,"Error":null,"At":{},"NextRetryAt":null}""";
        await _app.Services.GetRequiredService<ILedgerStore>().PutDocumentsAsync(Demo, [new LedgerDocument("webhook-attempt", $"{_webhook}:old", _webhook, 3, json)]);

        Assert.Equal(Instant.FromUnixTimeSeconds(0), Assert.Single(await Subscriptions.AttemptsAsync(Demo, _webhook)).At);
        Assert.Equal(1, await Retention().PruneAsync());
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("7", 7)]
    [InlineData("0", 1)]
    public void TheRetention_IsWholeDays_ThirtyByDefault_AtLeastOne(string? configured, int days)
    {
        var settings = WebhookSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:DeliveryLogRetentionDays"] = configured }).Build());

        Assert.Equal(Duration.FromDays(days), settings.DeliveryLogRetention);
    }

    [Fact]
    public async Task TheDeliveryService_PrunesTheLog_ItAnswers()
    {
        await using var app = new ApiApplication(new() { ["Webhooks:PollInterval"] = "00:00:00.050", ["Webhooks:PruneInterval"] = "00:00:00.100" });
        var admin = app.Client(ApiApplication.Admin);
        var id = (await (await admin.PostJsonAsync("/ledgers/demo/webhooks", """{"url":"http://127.0.0.1:9/hook","secret":"0123456789abcdef0123456789abcdef","eventTypes":["grant.paid"]}""")).JsonAsync())
            .GetProperty("id").GetString()!;
        var subscriptions = app.Services.GetRequiredService<WebhookSubscriptions>();
        var now = SystemClock.Instance.GetCurrentInstant();
        await subscriptions.LogAsync(Demo, new WebhookAttempt(id, Guid.NewGuid(), 1, "grant.paid", 1, 500, null, now - Duration.FromDays(40), now - Duration.FromDays(40)));
        await subscriptions.LogAsync(Demo, new WebhookAttempt(id, Guid.NewGuid(), 2, "grant.paid", 1, 200, null, now, null));

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        List<long> positions;
        do
        {
            await Task.Delay(100);
            positions = [.. (await (await admin.GetAsync($"/ledgers/demo/webhooks/{id}/deliveries")).JsonAsync()).EnumerateArray().Select(a => a.GetProperty("position").GetInt64())];
        }
        while (positions.Contains(1) && stopwatch.Elapsed < TimeSpan.FromSeconds(30));

        Assert.Equal([2L], positions);
    }

    /// <summary>A clock the test moves.</summary>
    private sealed class ManualClock(Instant now) : IClock
    {
        private Instant _now = now;

        public Instant GetCurrentInstant() => _now;

        public void Advance(Duration by) => _now += by;
    }
}
