using System.Net;
using System.Net.Http.Headers;
using CommunityFund.Api.Tests.Statements;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>Statement bodies at the edges: one above <c>Api:MaxImportBytes</c> is answered 413 with a problem, and a
/// damaged Alipay zip is refused with problem details — never a 500, never a partial import.</summary>
public sealed class PaymentStatementLimitsTests : IDisposable
{
    private const string Statements = "/ledgers/demo/payment-statements";
    private readonly ApiApplication _app = new(new Dictionary<string, string?> { ["Api:MaxImportBytes"] = "1048576" });

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    private static HttpContent Body(byte[] bytes, string type = "text/csv") =>
        new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(type) } };

    private static StatementEntry[] Payments(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StatementEntry($"42000{i:D10}", $"WX-{i:D7}", new LocalDateTime(2026, 4, 2, 10, 0).PlusSeconds(i),
            Money.FromDecimal(100m, Currency.CNY), Money.FromDecimal(0.60m, Currency.CNY)))];

    [Fact]
    public async Task AStatementAboveTheImportLimit_Is413WithAProblem_AndImportsNothing()
    {
        var bill = StatementFileWriter.WeChatBill(Payments(9_000));

        var response = await Admin.PostAsync($"{Statements}?channel=weChatPay&entity=elder-care", Body(bill));

        Assert.True(bill.Length > 2 * 1_048_576, $"{bill.Length} bytes");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(await response.CodeAsync()));
        var again = await (await Admin.PostAsync($"{Statements}?channel=weChatPay&entity=elder-care", Body(StatementFileWriter.WeChatBill(Payments(1))))).JsonAsync();
        Assert.Equal(1, again.GetProperty("added").GetInt32());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task ATruncatedAlipayZip_IsRefusedWithProblemDetails(int fraction)
    {
        var zip = StatementFileWriter.AlipayBill(Payments(20), new StatementFileOptions { Zip = true });

        var response = await Admin.PostAsync($"{Statements}?channel=alipay&entity=cafe", Body(zip[..(zip.Length * (fraction - 1) / fraction)], "application/zip"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("statement.", await response.CodeAsync(), StringComparison.Ordinal);
    }
}
