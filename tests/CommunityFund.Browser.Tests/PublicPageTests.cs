using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityFund.Browser.Tests.Harness;

namespace CommunityFund.Browser.Tests;

/// <summary>The public page (公示, <c>GET /public/{ledgerId}</c>) in headless Chromium, against the real API with the
/// demo ledger and March 2026 published (see <see cref="BrowserFixture"/>).</summary>
public sealed partial class PublicPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Path = "/public/" + DemoKeys.Ledger;

    [BrowserTheory]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task Page_LoadsAtThisWidth_WithoutSidewaysScrollOrConsoleErrors(int width)
    {
        await using var visit = await fixture.OpenAsync(Path, width);
        await visit.Page.Locator(".chart[data-chart] canvas, .chart[data-chart] svg").First.WaitForAsync();

        await visit.ScreenshotAsync($"public-{width}");
        Assert.Equal(200, visit.Response!.Status);
        Assert.False(await visit.OverflowsAsync(), $"The page is wider than {width} px.");
        Assert.Empty(visit.ConsoleErrors);
    }

    [BrowserFact]
    public async Task EveryChart_RendersSomething()
    {
        await using var visit = await fixture.OpenAsync(Path, 1280);
        var charts = visit.Page.Locator(".chart[data-chart]");
        await charts.First.Locator("canvas, svg").WaitForAsync();

        var sizes = await charts.EvaluateAllAsync<double[]>(
            "cs => cs.map(c => { const g = c.querySelector('canvas, svg'); if (!g) return 0; const r = g.getBoundingClientRect(); return r.width * r.height; })");

        Assert.NotEmpty(sizes);
        Assert.All(sizes, area => Assert.True(area > 0, "A chart drew nothing."));
    }

    [BrowserFact]
    public async Task PublishedMonth_ShowsEveryProviderFlowThePublicationHolds()
    {
        await using var visit = await fixture.OpenAsync(Path, 1280);
        using var client = fixture.Api.Client(null);
        var publication = JsonDocument.Parse(await client.GetStringAsync($"/public/{DemoKeys.Ledger}/publications/2026-03")).RootElement;
        var month = await visit.Page.Locator("section.month[data-period='2026-03']").TextContentAsync() ?? string.Empty;

        var amounts = publication.GetProperty("figures").GetProperty("providerFlows").EnumerateArray()
            .SelectMany(flow => new[] { "residentsPaid", "kept", "hub", "fund" }.Select(part => flow.GetProperty(part).GetProperty("amount").GetString()!))
            .ToList();

        Assert.NotEmpty(amounts);
        Assert.All(amounts, amount => Assert.Contains(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture).ToString("N2", System.Globalization.CultureInfo.InvariantCulture), month, StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task Page_ShowsNoResidentReference()
    {
        await using var visit = await fixture.OpenAsync(Path, 1280);

        Assert.DoesNotMatch(ResidentReference(), await visit.Page.ContentAsync());
    }

    [BrowserFact]
    public async Task Page_AsksNoOtherOrigin_AndCarriesAContentSecurityPolicy()
    {
        await using var visit = await fixture.OpenAsync(Path, 1280);
        var headers = await visit.Response!.AllHeadersAsync();

        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.All(visit.Requests, url => Assert.StartsWith(fixture.Api.Address.GetLeftPart(UriPartial.Authority), url, StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task WithJavaScriptOff_TheTablesStillHoldTheFigures()
    {
        await using var visit = await fixture.OpenAsync(Path, 375, javaScript: false);

        await visit.ScreenshotAsync("public-375-no-js");
        Assert.True(await visit.Page.Locator("table").CountAsync() > 0);
        Assert.True(await visit.Page.Locator("#verify").IsVisibleAsync());
    }

    /// <summary>A resident's reference as sales record it (r-0001).</summary>
    [GeneratedRegex(@"\br-\d{4}\b")]
    private static partial Regex ResidentReference();
}
