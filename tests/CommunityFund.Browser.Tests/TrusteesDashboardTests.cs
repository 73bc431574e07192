using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityFund.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace CommunityFund.Browser.Tests;

/// <summary>The trustees' dashboard (<c>GET /trustees/{ledgerId}</c>) in headless Chromium, against the real API with
/// the demo ledger: what a trustee sees equals what the API answers, and the key stays in the tab.</summary>
public sealed partial class TrusteesDashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Path = "/trustees/" + DemoKeys.Ledger;

    [BrowserTheory]
    [InlineData(375)]
    [InlineData(1280)]
    public async Task Dashboard_LoadsWithATrusteeKey_AtThisWidth_WithoutSidewaysScrollOrConsoleErrors(int width)
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, width);

        await visit.ScreenshotAsync($"trustees-{width}");
        Assert.True(await visit.Page.Locator("#audit-findings").IsVisibleAsync());
        Assert.True(await visit.Page.Locator("#fairness-table").IsVisibleAsync());
        Assert.False(await visit.OverflowsAsync(), $"The page is wider than {width} px.");
        Assert.Empty(visit.ConsoleErrors);
    }

    [BrowserFact]
    public async Task Shell_IsServedWithoutAKey_AndHoldsNoData()
    {
        await using var visit = await fixture.OpenAsync(Path, 375);

        await visit.ScreenshotAsync("trustees-shell-375");
        Assert.Equal(200, visit.Response!.Status);
        Assert.True(await visit.Page.Locator("#key").IsVisibleAsync());
        Assert.True(await visit.Page.Locator("#dashboard").IsHiddenAsync());
        Assert.Empty(visit.ConsoleErrors);
    }

    [BrowserFact]
    public async Task AuditFindings_AreThoseTheApiAnswers()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);
        var audit = await ApiJsonAsync("audit");

        var expected = audit.GetProperty("findings").EnumerateArray()
            .Select(f => new[] { f.GetProperty("severity").GetString()!, f.GetProperty("code").GetString()!, f.GetProperty("message").GetString()!, Text(f.GetProperty("entity")), Text(f.GetProperty("sequence")) })
            .ToList();
        var cells = await visit.CellsAsync("#audit-findings tbody tr");
        var severities = await visit.CellValuesAsync("#audit-findings tbody tr");
        var shown = cells.Select((row, i) => new[] { severities[i][0], row[1], row[2], row[3], row[4] }).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, shown);
        Assert.Equal(audit.GetProperty("journalsChecked").GetInt64().ToString(CultureInfo.InvariantCulture), await visit.Page.Locator("#audit-journals").TextContentAsync());
    }

    [BrowserFact]
    public async Task FairnessPerProvider_IsWhatTheApiAnswers()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);
        var fairness = await ApiJsonAsync("reports/fairness");

        var expected = fairness.EnumerateArray().SelectMany(report => report.GetProperty("lines").EnumerateArray().Select(line => new[]
        {
            report.GetProperty("provider").GetString()!, report.GetProperty("policyReference").GetString()!, line.GetProperty("party").GetString()!,
            line.GetProperty("basisPoints").GetInt32().ToString(CultureInfo.InvariantCulture), Money(line.GetProperty("paid")),
            Number(line.GetProperty("exact").GetDecimal()), Number(line.GetProperty("drift").GetDecimal()),
            line.GetProperty("withinOneFen").GetBoolean() ? "true" : "false",
        })).ToList();
        var cells = await visit.CellsAsync("#fairness-table tbody tr");
        var values = await visit.CellValuesAsync("#fairness-table tbody tr");
        var shown = cells.Select((row, i) => new[]
        {
            row[0], row[1], values[i][2], row[3], row[4], Decimal(row[5]), Decimal(row[6]), values[i][7],
        }).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, shown);
    }

    [BrowserFact]
    public async Task Reconciliations_OfDueToDueFromAndOfTheFundsReceivables_AreWhatTheApiAnswers()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);
        var dueTo = await ApiJsonAsync("reports/reconciliation");
        var receivables = await ApiJsonAsync("reports/fund-receivables");

        Assert.Equal(
            dueTo.EnumerateArray().Select(l => new[] { l.GetProperty("provider").GetString()!, l.GetProperty("counterparty").GetString()!, Money(l.GetProperty("providerOwes")), Money(l.GetProperty("counterpartyClaims")) }),
            (await visit.CellsAsync("#reconciliation-table tbody tr")).Select(row => row[..4]));
        Assert.Equal(
            receivables.GetProperty("totals").EnumerateArray().Select(t => new[] { t.GetProperty("provider").GetString()!, Money(t.GetProperty("over90Days")), Money(t.GetProperty("outstanding")) }),
            (await visit.CellsAsync("#receivables-table tbody tr")).Select(row => new[] { row[0], row[3], row[6] }));
        Assert.Equal(Money(receivables.GetProperty("outstanding")), (await visit.CellsAsync("#receivables-table tfoot tr"))[0][6]);
    }

    [BrowserFact]
    public async Task CheckpointVerification_ShowsTheSignedHead_AndThePublishedMonthVerified()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);
        var checkpoint = await ApiJsonAsync("checkpoint");

        Assert.Equal(checkpoint.GetProperty("hash").GetString(), await visit.Page.Locator("#checkpoint-hash").TextContentAsync());
        Assert.Equal("是", await visit.Page.Locator("#chain-intact").TextContentAsync());
        await Assertions.Expect(visit.Page.Locator("#publications-verified")).ToHaveTextAsync("已公示月份 1 个，已核验 1");
    }

    [BrowserFact]
    public async Task AKeptSignedCheckpoint_PastedIn_IsVerified()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);
        var kept = (await ApiJsonAsync("checkpoint")).GetRawText();

        await visit.Page.FillAsync("#kept", kept);
        await visit.Page.ClickAsync("#verify-kept");

        await Assertions.Expect(visit.Page.Locator("#kept-result")).ToHaveTextAsync("核验通过：账簿仍延续这个检查点。");
    }

    [BrowserFact]
    public async Task Key_IsInSessionStorage_AndNeitherInTheUrlNorACookie()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 375);

        Assert.Equal(DemoKeys.Trustee, await visit.Page.EvaluateAsync<string>("() => sessionStorage.getItem('communityfund.trustees.key')"));
        Assert.DoesNotContain(DemoKeys.Trustee, visit.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoKeys.Trustee, await visit.Page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        Assert.Empty(await visit.Page.Context.CookiesAsync());
        Assert.DoesNotContain(visit.Requests, url => url.Contains(DemoKeys.Trustee, StringComparison.Ordinal));
        Assert.DoesNotContain(DemoKeys.Trustee, await visit.Page.InputValueAsync("#key"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task ForgetKey_ClearsItFromTheTab_AndHidesTheFigures()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 375);

        await visit.Page.ClickAsync("#forget");

        Assert.Null(await visit.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('communityfund.trustees.key')"));
        Assert.True(await visit.Page.Locator("#dashboard").IsHiddenAsync());
    }

    [BrowserFact]
    public async Task ServerLogs_NeverHoldTheKey()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 375);

        Assert.Contains(fixture.Api.LogLines, line => line.Contains("/ledgers/demo/audit", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Api.LogLines, line => line.Contains("demo-trustee", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task WrongKey_ShowsAnErrorMessage_AndNoData()
    {
        await using var visit = await OpenWithKeyAsync("cf_demo_trustee_not-a-key", 375, waitForData: false);

        await Assertions.Expect(visit.Page.Locator("#error")).ToHaveTextAsync("密钥无效或已撤销（401）。请检查后重试。");
        await visit.ScreenshotAsync("trustees-wrong-key-375");
        Assert.True(await visit.Page.Locator("#dashboard").IsHiddenAsync());
        Assert.Null(await visit.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('communityfund.trustees.key')"));
        // The browser reports the refused requests (401) on the console; nothing else may go wrong.
        Assert.DoesNotContain(visit.ConsoleErrors, e => !e.Contains("401", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task ProviderKey_IsToldItCannotReadTheDashboard()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.ElderCare, 375, waitForData: false);

        await Assertions.Expect(visit.Page.Locator("#error")).ToHaveTextAsync("此密钥无权查看理事看板（需要理事或枢纽管理员密钥）。");
        Assert.True(await visit.Page.Locator("#dashboard").IsHiddenAsync());
    }

    [BrowserFact]
    public async Task HubAdministratorKey_SeesTheDashboardToo()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Admin, 375);

        Assert.True(await visit.Page.Locator("#fairness-table").IsVisibleAsync());
        Assert.Empty(visit.ConsoleErrors);
    }

    [BrowserFact]
    public async Task Page_ShowsNoResidentReference()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);
        using var sales = fixture.Api.Client(DemoKeys.Trustee);
        var residents = JsonDocument.Parse(await sales.GetStringAsync("/ledgers/demo/sales")).RootElement.EnumerateArray()
            .Select(s => s.GetProperty("residentReference").GetString()).OfType<string>().ToList();

        var html = await visit.Page.ContentAsync();

        Assert.NotEmpty(residents);
        Assert.All(residents, reference => Assert.DoesNotContain(reference, html, StringComparison.Ordinal));
        Assert.DoesNotMatch(ResidentReference(), html);
    }

    [BrowserFact]
    public async Task Page_IsServedWithAContentSecurityPolicy_AndAsksNoOtherOrigin()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);
        var headers = await visit.Response!.AllHeadersAsync();

        Assert.Equal(
            ["base-uri 'none'", "connect-src 'self'", "default-src 'self'", "font-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
             "img-src 'self' data:", "object-src 'none'", "script-src 'self'", "style-src 'self'"],
            headers["content-security-policy"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        Assert.All(visit.Requests, url => Assert.StartsWith(fixture.Api.Address.GetLeftPart(UriPartial.Authority), url, StringComparison.Ordinal));
        Assert.Empty(visit.ConsoleErrors);
    }

    [BrowserFact]
    public async Task CsvExport_DownloadsThroughTheHeaderKey()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 1280);

        var download = await visit.Page.RunAndWaitForDownloadAsync(() => visit.Page.ClickAsync("[data-export='exports/csv']"));
        var path = await download.PathAsync();

        Assert.Equal("demo-journals.csv", download.SuggestedFilename);
        Assert.Contains("elder-care", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.DoesNotContain(visit.Requests, url => url.Contains(DemoKeys.Trustee, StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task EnglishSwitch_RelabelsThePage()
    {
        await using var visit = await OpenWithKeyAsync(DemoKeys.Trustee, 375);

        await visit.Page.ClickAsync("#language");

        await Assertions.Expect(visit.Page.Locator("h1")).ToHaveTextAsync("Trustees' dashboard");
        await Assertions.Expect(visit.Page.Locator("#chain-intact")).ToHaveTextAsync("yes");
        await Assertions.Expect(visit.Page.Locator("#status")).ToHaveTextAsync("Loaded.");
        Assert.Equal("en", await visit.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await visit.ScreenshotAsync("trustees-en-375");
    }

    /// <summary>Opens the dashboard, types <paramref name="key"/> and submits it; waits until the figures are shown.</summary>
    private async Task<PageVisit> OpenWithKeyAsync(string key, int width, bool waitForData = true)
    {
        var visit = await fixture.OpenAsync(Path, width);
        await visit.Page.FillAsync("#key", key);
        await visit.Page.ClickAsync("#open");
        if (waitForData)
        {
            await visit.Page.Locator("#dashboard[data-state=ready]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        }

        return visit;
    }

    private async Task<JsonElement> ApiJsonAsync(string path)
    {
        using var client = fixture.Api.Client(DemoKeys.Trustee);
        using var response = await client.GetAsync($"/ledgers/{DemoKeys.Ledger}/{path}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string Money(JsonElement money) => money.GetProperty("amount").GetString() + " " + money.GetProperty("currency").GetString();

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.Null ? string.Empty : value.ToString();

    private static string Decimal(string text) => Number(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));

    /// <summary>A number without trailing zeros (JSON's 0.0 and JavaScript's 0 alike).</summary>
    private static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>A resident's reference as sales record it (r-0001).</summary>
    [GeneratedRegex(@"\br-\d{4}\b")]
    private static partial Regex ResidentReference();
}
