using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CommunityFund.Api.Apis;
using CommunityFund.Api.Tests.Statements;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>Statement files through the real HTTP stack: a WeChat Pay bill and a bank statement imported for an
/// entity's accounts (idempotent by transaction id, refused whole with their bad lines), then matched against the books:
/// the payout posts the clearing journal.</summary>
public sealed class PaymentStatementsApiTests : IDisposable
{
    private const string Statements = "/ledgers/demo/payment-statements";
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    private static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    private static StatementEntry Payment(string id, string order, decimal amount = 100m, decimal fee = 0.60m) =>
        new(id, order, new LocalDateTime(2026, 4, 2, 10, 15), Cny(amount), Cny(fee));

    private static HttpContent File(byte[] bytes, string type = "text/csv") =>
        new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(type) } };

    private Task<HttpResponseMessage> PostStatementAsync(string channel, byte[] bytes, string entity = "elder-care") =>
        Admin.PostAsync($"{Statements}?channel={channel}&entity={entity}", File(bytes));

    private Task<HttpResponseMessage> SellAsync(string reference) =>
        Admin.PostJsonAsync("/ledgers/demo/sales", Http.Sale().Replace("\"residentReference\"", $"\"paymentReference\":\"{reference}\",\"residentReference\"", StringComparison.Ordinal));

    [Fact]
    public async Task AWeChatBill_ImportsItsRows_AndImportingItAgainAddsNothing()
    {
        var bill = StatementFileWriter.WeChatBill([Payment("4200000001", "WX-1"), Payment("4200000002", "WX-2", 30m, 0.18m)]);

        var first = await (await PostStatementAsync("weChatPay", bill)).JsonAsync();
        var again = await (await PostStatementAsync("weChatPay", bill)).JsonAsync();

        Assert.Equal((2, 2, 0), (first.GetProperty("rows").GetInt32(), first.GetProperty("added").GetInt32(), first.GetProperty("alreadyThere").GetInt32()));
        Assert.Equal("130.00", first.GetProperty("moneyIn").GetProperty("amount").GetString());
        Assert.Equal("0.78", first.GetProperty("fees").GetProperty("amount").GetString());
        Assert.Equal((0, 2), (again.GetProperty("added").GetInt32(), again.GetProperty("alreadyThere").GetInt32()));
    }

    [Fact]
    public async Task ABillWhoseTotalsDisagree_IsRefusedWithItsLine_AndNothingIsImported()
    {
        var entries = new[] { Payment("4200000011", "WX-11") };

        var refused = await PostStatementAsync("weChatPay", StatementFileWriter.WeChatBill(entries, new StatementFileOptions { CorruptTotals = true }));
        var good = await (await PostStatementAsync("weChatPay", StatementFileWriter.WeChatBill(entries))).JsonAsync();

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "statement.totals_mismatch"), (refused.StatusCode, await refused.CodeAsync()));
        Assert.True((await refused.JsonAsync()).GetProperty("lines")[0].GetProperty("line").GetInt32() > 1);
        Assert.Equal(1, good.GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task AnAlipayBillSentAsWeChatPay_IsRefusedAsAnotherChannelsFile()
    {
        var response = await PostStatementAsync("weChatPay", StatementFileWriter.AlipayBill([Payment("2026040222001", "ALI-1")]));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "statement.channel_mismatch"), (response.StatusCode, await response.CodeAsync()));
    }

    [Theory]
    [InlineData("channel=paypal&entity=elder-care", "channel")]
    [InlineData("channel=weChatPay", "entity")]
    public async Task AStatementWithoutAKnownChannelOrEntity_Is400ByField(string query, string field)
    {
        var response = await Admin.PostAsync($"{Statements}?{query}", File(StatementFileWriter.WeChatBill([Payment("1", "WX")])));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ABankStatement_IsReadWithTheEntitysSavedMapping_AndRefusedWithoutOne()
    {
        var (bytes, mapping) = StatementFileWriter.BankCsv([new BankEntry(new LocalDateTime(2026, 4, 3, 9, 0), Cny(99.40m), "财付通支付科技有限公司", "B-0001")]);
        var mappingJson = JsonSerializer.Serialize(BankMappingDto.FromMapping(mapping), Json);

        var without = await PostStatementAsync("bank", bytes);
        var saved = await Admin.PutAsync("/ledgers/demo/entities/elder-care/bank-statement-mapping", new StringContent(mappingJson, System.Text.Encoding.UTF8, "application/json"));
        var with = await PostStatementAsync("bank", bytes);

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "statement.mapping_missing"), (without.StatusCode, await without.CodeAsync()));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(1, (await with.JsonAsync()).GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task AMappingWithBothAmountShapes_Is400()
    {
        var response = await Admin.PutAsync("/ledgers/demo/entities/elder-care/bank-statement-mapping",
            new StringContent("""{"date":"日期","amountIn":"收入","amountOut":"支出","signedAmount":"金额"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, "validation.failed"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task ASaleAndItsBillRow_MatchByThePaymentReference()
    {
        Assert.Equal(HttpStatusCode.Created, (await SellAsync("WX-ORD-77")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostStatementAsync("weChatPay", StatementFileWriter.WeChatBill([Payment("4200000077", "WX-ORD-77")]))).StatusCode);

        var match = await (await Admin.PostJsonAsync("/ledgers/demo/payment-matches?dryRun=false", """{"entity":"elder-care","channel":"weChatPay"}""")).JsonAsync();

        Assert.Contains(match.GetProperty("matches").EnumerateArray(), m => m.GetProperty("rule").GetString() is { } rule && rule.Contains("reference", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(match.GetProperty("unmatchedRows").EnumerateArray(), r => r.GetProperty("key").GetString()!.Contains("4200000077", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThePayoutOnTheBankStatement_SettlesTheDaysMatchedPayments_WithAClearingJournal()
    {
        Assert.Equal(HttpStatusCode.Created, (await SellAsync("WX-ORD-88")).StatusCode);
        await PostStatementAsync("weChatPay", StatementFileWriter.WeChatBill([Payment("4200000088", "WX-ORD-88")]));
        var (bytes, mapping) = StatementFileWriter.BankCsv([new BankEntry(new LocalDateTime(2026, 4, 3, 9, 0), Cny(99.40m), "财付通支付科技有限公司", "B-0088")]);
        await Admin.PutAsync("/ledgers/demo/entities/elder-care/bank-statement-mapping",
            new StringContent(JsonSerializer.Serialize(BankMappingDto.FromMapping(mapping), Json), System.Text.Encoding.UTF8, "application/json"));
        await PostStatementAsync("bank", bytes);

        var match = await (await Admin.PostJsonAsync("/ledgers/demo/payment-matches?dryRun=false", """{"entity":"elder-care","channel":"weChatPay"}""")).JsonAsync();
        var clearing = match.GetProperty("clearings").EnumerateArray().Single().GetString();
        var journal = await (await Admin.GetAsync($"/ledgers/demo/journals/{clearing}")).JsonAsync();

        var lines = journal.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("account").GetString(), l.GetProperty("side").GetString(), l.GetProperty("amount").GetProperty("amount").GetString())).ToList();
        // The payout leaves in transit as a transfer to the bank; the fee leaves on its own line, with its cash-flow item (ADR 0020).
        Assert.Equal([("1002.01", "debit", "99.40"), ("5301", "debit", "0.60"), ("1009.01", "credit", "99.40"), ("1009.01", "credit", "0.60")], lines);
    }

    public static TheoryData<string, string> Garbage() => new()
    {
        { "weChatPay", "" },
        { "alipay", "" },
        { "weChatPay", "not,a,bill\n1,2,3" },
        { "alipay", "PK\u0003\u0004 not really a zip" },
        { "alipay", "#支付宝业务明细查询\n" },
        { "weChatPay", "`2026-04-02 10:00:00,`wx1\n" },
        { "bank", "日期,金额\n2026-13-45,abc\n" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task AnyBrokenFile_IsAProblemWithItsCode_NeverA500_AndImportsNothing(string channel, string body)
    {
        var (_, mapping) = StatementFileWriter.BankCsv([new BankEntry(new LocalDateTime(2026, 4, 3, 9, 0), Cny(1m), "x", "B-1")]);
        await Admin.PutAsync("/ledgers/demo/entities/elder-care/bank-statement-mapping",
            new StringContent(JsonSerializer.Serialize(BankMappingDto.FromMapping(mapping), Json), System.Text.Encoding.UTF8, "application/json"));

        var response = await PostStatementAsync(channel, System.Text.Encoding.UTF8.GetBytes(body));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.StartsWith("statement.", await response.CodeAsync(), StringComparison.Ordinal);
    }

    private static readonly JsonSerializerOptions Json = Configured();

    private static JsonSerializerOptions Configured()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Composition.Configure(options);
        return options;
    }
}
