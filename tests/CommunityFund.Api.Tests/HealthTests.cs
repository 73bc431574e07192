using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>The front page and the health probes an operator points a load balancer at: no key needed.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Root_AnswersAPageNamingTheService_WithoutAKey()
    {
        var response = await _app.Client(null).GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("CommunityFund", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/swagger\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_NeedsNoKey() => Assert.Equal(HttpStatusCode.OK, (await _app.Client(null).GetAsync("/health/live")).StatusCode);

    [Fact]
    public async Task Ready_AnswersReady_WhenTheDatabaseAnswers()
    {
        var response = await _app.Client(null).GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (await response.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_DatabaseUnreachable_Is503StorageUnavailable_WhileLiveStays200()
    {
        var missing = Path.Combine(Path.GetTempPath(), "cf-no-such-folder-" + Guid.NewGuid().ToString("N"), "api.db");
        await using var app = new ApiApplication(new Dictionary<string, string?>
        {
            ["Books:ConnectionString"] = $"Data Source={missing};Mode=ReadWrite",
            ["Books:Migrate"] = "false",
            ["Books:Demo"] = "false",
        });
        var client = app.Client(null);

        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "storage.unavailable"), (ready.StatusCode, await ready.CodeAsync()));
        Assert.True(ready.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
