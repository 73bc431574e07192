using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary><c>POST …/entities/{entityId}/donated-services</c>: volunteer hours a 民非 entity received, memo always,
/// recognised at the voucher's amount when it reflects the fair value (ADR 0021).</summary>
public sealed class DonatedServicesApiTests : IClassFixture<ApiApplicationFixture>
{
    private const string Hours = "{\"date\":\"2026-03-05\",\"member\":\"m-0001\",\"hours\":{\"amount\":\"2.5\",\"currency\":\"HOUR\"},\"memo\":\"上门护理 home nursing\"";

    private readonly ApiApplication _app;

    public DonatedServicesApiTests(ApiApplicationFixture fixture) => _app = fixture.App;

    [Fact]
    public async Task HoursOnAVoucherThatReflectsTheFairValue_AreRecognisedAtTheVoucherAmount()
    {
        var admin = await LedgerFrom2026Async("donated-voucher");

        var response = await admin.PostJsonAsync("/ledgers/donated-voucher/entities/tea-house/donated-services",
            Hours + ""","voucher":{"reference":"FP-2026-0305","amount":{"amount":"200.00","currency":"CNY"},"reflectsFairValue":true}}""");

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("recognised").GetBoolean());
        var recognition = body.GetProperty("journals")[1];
        Assert.Equal(["5101.07:debit:200.00", "4101.01:credit:200.00"], recognition.GetProperty("lines").EnumerateArray()
            .Select(l => $"{l.GetProperty("account").GetString()}:{l.GetProperty("side").GetString()}:{l.GetProperty("amount").GetProperty("amount").GetString()}"));
    }

    [Fact]
    public async Task HoursWithoutAVoucher_StayMemoOnly_AndSayWhy()
    {
        var admin = await LedgerFrom2026Async("donated-memo");

        var response = await admin.PostJsonAsync("/ledgers/donated-memo/entities/tea-house/donated-services", Hours + "}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("recognised").GetBoolean());
        Assert.Equal(["voucher"], body.GetProperty("unmet").EnumerateArray().Select(u => u.GetString()));
        Assert.Single(body.GetProperty("journals").EnumerateArray());
    }

    [Fact]
    public async Task ACompanyFormEntity_IsRefused_ForItsChartHasNoDonatedServiceAccounts()
    {
        var admin = await LedgerFrom2026Async("donated-hub");

        var response = await admin.PostJsonAsync("/ledgers/donated-hub/entities/hub/donated-services", Hours + "}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("donated_service.not_applicable", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AVoucherWithoutAPositiveCnyAmount_IsAValidationProblem()
    {
        var admin = await LedgerFrom2026Async("donated-invalid");

        var response = await admin.PostJsonAsync("/ledgers/donated-invalid/entities/tea-house/donated-services",
            Hours + ""","voucher":{"reference":"FP-1","amount":{"amount":"0","currency":"CNY"},"reflectsFairValue":true}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<HttpClient> LedgerFrom2026Async(string id)
    {
        var opened = await _app.Client(await _app.OperatorKeyAsync()).PostJsonAsync("/ledgers",
            $$"""{"id":"{{id}}","name":"望江社区 Wangjiang","booksStart":"2026-01-01","timeZone":"Asia/Shanghai","entities":[{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"},{"id":"fund","name":"社区基金","kind":"communityFund","profile":"npoCn"},{"id":"tea-house","name":"茶馆","kind":"provider","profile":"npoCn"}]}""");
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return _app.Client((await opened.JsonAsync()).GetProperty("administratorKey").GetProperty("key").GetString()!);
    }
}
