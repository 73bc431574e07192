using System.Net;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>Payment matching and the payment reconciliation report through the real HTTP stack, on the demo books.
/// Statement rows are stored through the books directly (the import endpoint is wired separately).</summary>
public sealed class PaymentReconciliationApiTests : IDisposable
{
    private const string Matches = "/ledgers/demo/payment-matches";
    private const string Report = "/ledgers/demo/reports/payment-reconciliation";
    private static readonly EntityId ElderCare = EntityId.From("elder-care");
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    private static string SaleWithReference(string reference) => Http.Sale().Replace("\"residentReference\"", $"\"paymentReference\":\"{reference}\",\"residentReference\"", StringComparison.Ordinal);

    private async Task ImportAsync(params StatementRow[] rows)
    {
        var economy = _app.Services.GetRequiredService<CommunityEconomy>();
        Assert.True((await economy.ImportStatementRowsAsync(LedgerId.From("demo"), rows)).Succeeded);
    }

    private static StatementRow Payment(string id, string order) =>
        new(ElderCare, Economy.PaymentChannel.WeChatPay, id, new LocalDateTime(2026, 4, 2, 10, 0), StatementRowKind.Payment, Money.FromDecimal(100m, Currency.CNY), Money.FromDecimal(0.60m, Currency.CNY), 2) { MerchantOrderNumber = order };

    [Fact]
    public async Task ASaleWithAReferenceAlreadyTaken_Is422PaymentReferenceTaken()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostJsonAsync("/ledgers/demo/sales", SaleWithReference("WX-ORD-1"))).StatusCode);
        var again = await Admin.PostJsonAsync("/ledgers/demo/sales", SaleWithReference("WX-ORD-1"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "sale.payment_reference_taken"), (again.StatusCode, await again.CodeAsync()));
    }

    [Fact]
    public async Task APaymentReferenceWithSpaces_Is400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await Admin.PostJsonAsync("/ledgers/demo/sales", SaleWithReference("has space"))).StatusCode);
    }

    [Fact]
    public async Task Matching_WithoutAKey_Is401_AndForATrusteeOrProvider_Is403()
    {
        const string body = """{"entity":"elder-care","channel":"weChatPay"}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Client(null).PostJsonAsync(Matches, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Client(ApiApplication.Trustee).PostJsonAsync(Matches, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Client(ApiApplication.ElderCare).PostJsonAsync(Matches, body)).StatusCode);
    }

    [Fact]
    public async Task MatchingAnEntityThatDoesNotExist_Is422()
    {
        var response = await Admin.PostJsonAsync(Matches, """{"entity":"nobody","channel":"weChatPay"}""");
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "payment_match.invalid"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task ADryRun_AnswersTheMatchesAndRecordsNothing_ThenTheRunRecordsThem()
    {
        var sale = await (await Admin.PostJsonAsync("/ledgers/demo/sales", SaleWithReference("WX-ORD-7"))).JsonAsync();
        await ImportAsync(Payment("4200001", "WX-ORD-7"));
        const string body = """{"entity":"elder-care","channel":"weChatPay"}""";
        for (var i = 0; i < 2; i++)
        {
            var dry = await (await Admin.PostJsonAsync($"{Matches}?dryRun=true", body)).JsonAsync();
            Assert.True(dry.GetProperty("dryRun").GetBoolean());
            var match = dry.GetProperty("matches").EnumerateArray().Single(m => m.GetProperty("rows")[0].GetString() == "wechat-pay:4200001");
            Assert.Equal(("reference", $"sale:{sale.GetProperty("id").GetGuid()}"), (match.GetProperty("rule").GetString(), match.GetProperty("book")[0].GetString()));
        }

        var run = await (await Admin.PostJsonAsync(Matches, body)).JsonAsync();
        Assert.False(run.GetProperty("dryRun").GetBoolean());
        var id = run.GetProperty("matches").EnumerateArray().Single(m => m.GetProperty("rows")[0].GetString() == "wechat-pay:4200001").GetProperty("id").GetString();
        var unmatched = await Admin.PostJsonAsync($"{Matches}/{id}/unmatch", """{"reason":"wrong resident"}""");
        Assert.Equal(HttpStatusCode.OK, unmatched.StatusCode);
        Assert.False((await unmatched.JsonAsync()).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task APayoutLaterThanTheSettlementWindow_MatchesOnlyWhenTheRequestWidensIt()
    {
        await Admin.PostJsonAsync("/ledgers/demo/sales", SaleWithReference("WX-ORD-9"));
        await ImportAsync(Payment("4200009", "WX-ORD-9"),
            new StatementRow(ElderCare, Economy.PaymentChannel.Bank, "B-9", new LocalDateTime(2026, 4, 12, 9, 0), StatementRowKind.BankCredit, Money.FromDecimal(99.40m, Currency.CNY), Money.FromDecimal(0m, Currency.CNY), 1) { Counterparty = "财付通" });

        async Task<int> SettlementsAsync(string body) =>
            (await (await Admin.PostJsonAsync($"{Matches}?dryRun=true", body)).JsonAsync()).GetProperty("matches").EnumerateArray()
                .Count(m => m.GetProperty("rule").GetString() == "settlement" && m.GetProperty("rows")[0].GetString() == "bank:B-9");

        Assert.Equal(0, await SettlementsAsync("""{"entity":"elder-care","channel":"weChatPay"}"""));
        Assert.Equal(1, await SettlementsAsync("""{"entity":"elder-care","channel":"weChatPay","settlementWindowDays":14}"""));
    }

    [Theory]
    [InlineData("settlementWindowDays", 32)]
    [InlineData("maxSettlementDays", 0)]
    public async Task ASettlementWindowOutOfRange_Is400NamingTheField(string field, int value)
    {
        var response = await Admin.PostJsonAsync(Matches, $$"""{"entity":"elder-care","channel":"bank","{{field}}":{{value}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task UnmatchingAMatchThatDoesNotExist_Is404()
    {
        var response = await Admin.PostJsonAsync($"{Matches}/nope/unmatch", """{"reason":"test"}""");
        Assert.Equal((HttpStatusCode.NotFound, "payment_match.not_found"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task TheReport_IsReadableByATrustee_AsJsonOrCsv_AndNotByAProvider()
    {
        await ImportAsync(Payment("4200009", "NOT-IN-BOOKS"));
        var trustee = _app.Client(ApiApplication.Trustee);
        var json = await (await trustee.GetAsync($"{Report}?from=2026-04-01&to=2026-04-30&channel=weChatPay&entity=elder-care")).JsonAsync();
        var day = json.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == "2026-04-02");
        Assert.Equal(1, day.GetProperty("unmatchedRows").GetInt32());

        var request = new HttpRequestMessage(HttpMethod.Get, $"{Report}?from=2026-04-01&to=2026-04-30");
        request.Headers.Add("Accept", "text/csv");
        var csv = await trustee.SendAsync(request);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("2026-04-02,elder-care,wechat-pay", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await trustee.GetAsync($"{Report}?from=2026-04-01&to=2026-04-30&format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Client(ApiApplication.ElderCare).GetAsync($"{Report}?from=2026-04-01&to=2026-04-30")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await trustee.GetAsync($"{Report}?from=2026-04-30&to=2026-04-01")).StatusCode);
    }
}
