using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace CommunityFund.Api.Tests;

/// <summary>The Prometheus scrape at /metrics: the operator's, with the books' own metrics next to ASP.NET Core's.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Metrics_AfterASale_ShowRequestDurationSalesJournalsAndPostingLatency()
    {
        var sale = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale());
        Assert.Equal(HttpStatusCode.Created, sale.StatusCode);

        var text = await ScrapeAsync();

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/ledgers/{ledgerId}/sales\"", text, StringComparison.Ordinal);
        Assert.True(Value(text, "communityfund_sales_posted_total") >= 1, text);
        Assert.True(Value(text, "communityfund_journals_posted_total") >= 1, text);
        Assert.True(Value(text, "communityfund_posting_duration_seconds_count") >= 1, text);
        Assert.Contains("communityfund_posting_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.True(Value(text, "communityfund_commands_total") >= 1, text);
    }

    [Fact]
    public async Task Metrics_AfterConcurrentSales_ShowTheGroupCommitSizes()
    {
        var provider = _app.Client(ApiApplication.ElderCare);
        var sales = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => provider.PostJsonAsync("/ledgers/demo/sales", Http.Sale())));
        Assert.All(sales, s => Assert.Equal(HttpStatusCode.Created, s.StatusCode));

        var text = await ScrapeAsync();

        Assert.Contains("# TYPE communityfund_group_commit_size histogram", text, StringComparison.Ordinal);
        Assert.True(Value(text, "communityfund_group_commit_size_count") >= 1, text);
        Assert.True(Value(text, "communityfund_group_commit_size_sum") >= 1, text);
        Assert.True(Value(text, "communityfund_sales_posted_total") >= 16, text);
    }

    [Fact]
    public async Task Metrics_AfterSalesThatQueuedTogether_ShowHowLongTheirGroupWasPlanned()
    {
        var provider = _app.Client(ApiApplication.ElderCare);
        var sales = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => provider.PostJsonAsync("/ledgers/demo/sales", Http.Sale())));
        Assert.All(sales, s => Assert.Equal(HttpStatusCode.Created, s.StatusCode));

        var text = await ScrapeAsync();

        Assert.Contains("# TYPE communityfund_group_commit_planning_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.True(Value(text, "communityfund_group_commit_planning_duration_seconds_count") >= 1, text);
        Assert.True(Value(text, "communityfund_group_commit_planning_duration_seconds_sum") > 0, text);
    }

    [Fact]
    public async Task Metrics_WithoutAKey_Is401ProblemDetails()
    {
        var response = await _app.Client(null).GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("auth.unauthenticated", await response.CodeAsync());
    }

    [Fact]
    public async Task Metrics_WithAHubAdministratorsBearerKey_Is403()
    {
        var client = _app.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiApplication.Admin);

        var response = await client.GetAsync("/metrics");

        Assert.Equal((HttpStatusCode.Forbidden, "auth.forbidden"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task Metrics_WhenTurnedOff_AreNotServed()
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["Telemetry:Metrics"] = "false" });
        var client = app.Client(await app.OperatorKeyAsync());

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Scrapes as Prometheus does: <c>Authorization: Bearer</c> with an operator key.</summary>
    private async Task<string> ScrapeAsync()
    {
        var client = _app.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _app.OperatorKeyAsync());
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a sample's values over its label sets (0 when absent). A sample line reads
    /// <c>name{labels} value [timestamp]</c>; label values may hold spaces, so the value is read after the braces.</summary>
    private static double Value(string text, string sample) => text.Split('\n')
        .Where(line => line.StartsWith(sample + "{", StringComparison.Ordinal) || line.StartsWith(sample + " ", StringComparison.Ordinal))
        .Sum(line => double.Parse(line[(line.LastIndexOf('}') is var close and >= 0 ? close + 1 : sample.Length)..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
}
