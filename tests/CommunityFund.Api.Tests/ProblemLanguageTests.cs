using System.Net;
using System.Reflection;
using System.Text.Json;
using CommunityFund.Audit;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Posting;

namespace CommunityFund.Api.Tests;

/// <summary>Problems in the caller's language: Chinese when Accept-Language prefers zh, English otherwise; the code
/// never changes.</summary>
public sealed class ProblemLanguageTests : IClassFixture<ApiApplicationFixture>
{
    private static readonly Type[] ProblemCodes = [typeof(ErrorCodes), typeof(EconomyErrorCodes), typeof(CommunityErrorCodes), typeof(ApiErrorCodes), typeof(CommunityFund.Api.Imports.Statements.StatementErrorCodes)];

    private static readonly Type[] FindingCodes = [typeof(AuditFindingCodes), typeof(ApiAuditFindingCodes)];

    private readonly ApiApplication _app;

    public ProblemLanguageTests(ApiApplicationFixture fixture) => _app = fixture.App;

    [Fact]
    public void EveryErrorCode_HasAChineseTitleAndDetail_AndTheCatalogueNoOtherCode()
    {
        var codes = ProblemCodes.SelectMany(Constants).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(codes.Except(ProblemCatalogue.ProblemCodes));
        Assert.Empty(ProblemCatalogue.ProblemCodes.Except(codes));
        Assert.All(codes, code =>
        {
            Assert.True(HasChinese(ProblemCatalogue.Title(code, 422)), code);
            Assert.True(HasChinese(ProblemCatalogue.Detail(code)), code);
        });
    }

    [Fact]
    public void EveryAuditFinding_HasAChineseMeaning_AndTheCatalogueNoOtherFinding()
    {
        var codes = FindingCodes.SelectMany(Constants).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(codes.Except(ProblemCatalogue.FindingCodes));
        Assert.Empty(ProblemCatalogue.FindingCodes.Except(codes));
        Assert.All(codes, code => Assert.True(HasChinese(ProblemCatalogue.Finding(code)), code));
    }

    [Theory]
    [InlineData("zh-CN", true)]
    [InlineData("zh", true)]
    [InlineData("zh-Hans-CN", true)]
    [InlineData("ZH-tw", true)]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", true)]
    [InlineData("en;q=0.5, zh;q=0.8", true)]
    [InlineData("fr-FR, zh;q=0.3", true)]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8", false)]
    [InlineData("zh;q=0.5, en;q=0.5", true)]
    [InlineData("zh;q=0", false)]
    [InlineData("*", false)]
    [InlineData("fr", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData(";;q=zh", false)]
    [InlineData("zh;q=abc, en", false)]
    public void AcceptLanguage_PrefersChinese_ByQualityAmongChineseAndEnglish(string? header, bool chinese) =>
        Assert.Equal(chinese, ProblemLanguage.Prefers(header));

    [Fact]
    public async Task Refusal422_IsInChineseForZhCN_AndInEnglishOtherwise_WithTheSameCode()
    {
        var zh = await PostAsync("zh-CN", "/ledgers/demo/sales", Http.Sale(price: "99.00"));
        var en = await PostAsync(null, "/ledgers/demo/sales", Http.Sale(price: "99.00"));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity), (zh.Response.StatusCode, en.Response.StatusCode));
        Assert.Equal(("sale.price_mismatch", "sale.price_mismatch"), (Code(zh.Body), Code(en.Body)));
        Assert.Equal("价格与服务包不符", zh.Body.GetProperty("title").GetString());
        Assert.Contains("价格与服务包约定的价格不一致", zh.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(en.Body.GetProperty("detail").GetString(), zh.Body.GetProperty("detailEn").GetString());
        Assert.Contains("sale.price_mismatch: ", zh.Body.GetProperty("errors").EnumerateObject().First().Value[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Unprocessable request", en.Body.GetProperty("title").GetString());
        Assert.False(HasChinese(en.Body.GetProperty("detail").GetString()));
        Assert.False(en.Body.TryGetProperty("detailEn", out _));
        Assert.Equal(("zh-CN", "en"), (zh.Response.Content.Headers.ContentLanguage.Single(), en.Response.Content.Headers.ContentLanguage.Single()));
    }

    [Fact]
    public async Task Unauthenticated401_IsInChineseForZhCN_AndInEnglishOtherwise_WithTheSameCode()
    {
        var zh = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/ledgers/demo/entities"), "zh-CN", key: null);
        var en = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/ledgers/demo/entities"), "en-GB", key: null);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (zh.Response.StatusCode, en.Response.StatusCode));
        Assert.Equal(("auth.unauthenticated", "auth.unauthenticated"), (Code(zh.Body), Code(en.Body)));
        Assert.Equal("未认证", zh.Body.GetProperty("title").GetString());
        Assert.Contains("需要 API 密钥", zh.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Unauthenticated", "zh-CN", "en"), (en.Body.GetProperty("title").GetString(),
            zh.Response.Content.Headers.ContentLanguage.Single(), en.Response.Content.Headers.ContentLanguage.Single()));
    }

    [Fact]
    public async Task Validation400_IsInChineseForZhCN_FieldMessagesToo_AndInEnglishOtherwise_WithTheSameCode()
    {
        var zh = await PostAsync("zh-CN,zh;q=0.9", "/ledgers/demo/sales", Http.Sale(quantity: 0));
        var en = await PostAsync(null, "/ledgers/demo/sales", Http.Sale(quantity: 0));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (zh.Response.StatusCode, en.Response.StatusCode));
        Assert.Equal(("validation.failed", "validation.failed"), (Code(zh.Body), Code(en.Body)));
        Assert.Equal(("字段校验未通过", "1 个字段无效：quantity。"), (zh.Body.GetProperty("title").GetString(), zh.Body.GetProperty("detail").GetString()));
        Assert.True(HasChinese(zh.Body.GetProperty("errors").GetProperty("quantity")[0].GetString()), zh.Body.ToString());
        Assert.Equal("1 field(s) are invalid: quantity.", en.Body.GetProperty("detail").GetString());
        Assert.False(HasChinese(en.Body.GetProperty("errors").GetProperty("quantity")[0].GetString()), en.Body.ToString());
        Assert.Equal("zh-CN", zh.Response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task ARefusalWithFigures_NamesThemInChinese()
    {
        var detail = ProblemCatalogue.Detail(EconomyErrorCodes.InsufficientFunds, null,
            new Dictionary<string, string> { ["account"] = "1002", ["balance"] = "10.00", ["payment"] = "25.00", ["shortfall"] = "15.00" }, "amount");

        Assert.Equal("付款（结算、资助或还款）的付款科目余额不足。科目 1002 余额 10.00，付款 25.00，尚差 15.00。（字段：amount）", detail);
        await Task.CompletedTask;
    }

    private Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string? language, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return SendAsync(request, language, ApiApplication.ElderCare);
    }

    private async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpRequestMessage request, string? language, string? key)
    {
        if (language is not null)
        {
            request.Headers.Add("Accept-Language", language);
        }

        var response = await _app.Client(key).SendAsync(request);
        return (response, await response.JsonAsync());
    }

    private static string? Code(JsonElement body) => body.GetProperty("code").GetString();

    private static bool HasChinese(string? text) => text is not null && text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    private static IEnumerable<string> Constants(Type codes) =>
        codes.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);
}
