using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary><c>POST …/entities/{entityId}/chart-transition</c>: a 民非 entity moves from the 2004 chart to NPO_CN@2026-01-01 (ADR 0021).</summary>
public sealed class ChartTransitionApiTests : IClassFixture<ApiApplicationFixture>
{
    private readonly ApiApplication _app;

    public ChartTransitionApiTests(ApiApplicationFixture fixture) => _app = fixture.App;

    [Fact]
    public async Task AnEntityOfA2025Ledger_MovesToTheRevisedChart_ByItsTransitionJournal()
    {
        var admin = await LedgerFrom2025Async("transition-ok");
        await admin.PostJsonAsync("/ledgers/transition-ok/journals", Prepaid("2025-09-01"));

        var response = await admin.PostJsonAsync("/ledgers/transition-ok/entities/tea-house/chart-transition", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("NPO_CN@2026-01-01", body.GetProperty("toChart").GetString());
        Assert.Equal("2026-01-01", body.GetProperty("date").GetString());
        Assert.Equal(["1301 待摊费用 → 1141 预付账款"], body.GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
        var entities = await (await admin.GetAsync("/ledgers/transition-ok/entities")).JsonAsync();
        Assert.Contains(entities.EnumerateArray(), e => e.GetProperty("id").GetString() == "tea-house" && e.GetProperty("chartTemplate").GetString() == "NPO_CN@2026-01-01");
    }

    [Fact]
    public async Task TheTransitionSentAgain_AnswersTheSameJournal()
    {
        var admin = await LedgerFrom2025Async("transition-again");
        await admin.PostJsonAsync("/ledgers/transition-again/journals", Prepaid("2025-09-01"));
        var first = await (await admin.PostJsonAsync("/ledgers/transition-again/entities/tea-house/chart-transition", "{}")).JsonAsync();

        var again = await admin.PostJsonAsync("/ledgers/transition-again/entities/tea-house/chart-transition", "{}");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.GetProperty("journalId").GetString(), (await again.JsonAsync()).GetProperty("journalId").GetString());
    }

    [Fact]
    public async Task ACompanyFormEntity_IsRefused_AsNotApplicable()
    {
        var admin = await LedgerFrom2025Async("transition-hub");

        var response = await admin.PostJsonAsync("/ledgers/transition-hub/entities/hub/chart-transition", "{}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("chart.transition_not_applicable", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ADroppedAccountPostedIn2026_IsRefused_AsInUse()
    {
        var admin = await LedgerFrom2025Async("transition-in-use");
        await admin.PostJsonAsync("/ledgers/transition-in-use/journals", Prepaid("2026-02-01"));

        var response = await admin.PostJsonAsync("/ledgers/transition-in-use/entities/tea-house/chart-transition", "{}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("chart.transition_account_in_use", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnUnknownEntity_IsNotFound()
    {
        var admin = await LedgerFrom2025Async("transition-unknown");

        var response = await admin.PostJsonAsync("/ledgers/transition-unknown/entities/nobody/chart-transition", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpClient> LedgerFrom2025Async(string id)
    {
        var opened = await _app.Client(await _app.OperatorKeyAsync()).PostJsonAsync("/ledgers",
            $$"""{"id":"{{id}}","name":"望江社区 Wangjiang","booksStart":"2025-07-01","timeZone":"Asia/Shanghai","entities":[{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"},{"id":"fund","name":"社区基金","kind":"communityFund","profile":"npoCn"},{"id":"tea-house","name":"茶馆","kind":"provider","profile":"npoCn"}]}""");
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return _app.Client((await opened.JsonAsync()).GetProperty("administratorKey").GetProperty("key").GetString()!);
    }

    private static string Prepaid(string date) =>
        $$$"""{"date":"{{{date}}}","memo":"insurance paid ahead","lines":[{"entity":"tea-house","account":"1301","side":"debit","amount":{"amount":"120.00","currency":"CNY"}},{"entity":"tea-house","account":"1001","side":"credit","amount":{"amount":"120.00","currency":"CNY"},"dimensions":{"cashflow":"operating.other-payments"}}]}""";
}
