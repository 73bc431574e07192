using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>The controls a 民非 auditor demands, through the real HTTP stack on the demo ledger.</summary>
public sealed class ControlsTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    [Fact]
    public async Task UnrestrictedGrant_OfTheDemoFundsRestrictedMoney_Is422WithTheFigures()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/fund/grants",
            """{"fund":"fund","project":"summer-camp","date":"2026-05-08","amount":{"amount":"8000.00","currency":"CNY"},"purpose":"Summer camp"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("grant.exceeds_unrestricted_funds", problem.GetProperty("code").GetString());
        var figures = problem.GetProperty("figures");
        Assert.Equal(("9199.50", "7049.50", "0.00", "2150.00"),
            (figures.GetProperty("cash").GetString(), figures.GetProperty("restricted").GetString(), figures.GetProperty("agency").GetString(), figures.GetProperty("available").GetString()));
        Assert.True(problem.GetProperty("errors").TryGetProperty("amount", out _));
    }

    [Fact]
    public async Task UnrestrictedGrant_Refused_LeavesTheAuditSoundAndTheBooksUnchanged()
    {
        var before = await (await Admin.GetAsync("/ledgers/demo/verification")).JsonAsync();

        await Admin.PostJsonAsync("/ledgers/demo/fund/grants",
            """{"fund":"fund","project":"summer-camp","date":"2026-05-08","amount":{"amount":"8000.00","currency":"CNY"},"purpose":"Summer camp"}""");
        var after = await (await Admin.GetAsync("/ledgers/demo/verification")).JsonAsync();
        var audit = await (await Admin.GetAsync("/ledgers/demo/audit")).JsonAsync();

        Assert.Equal(before.GetProperty("chain").GetProperty("lastSequence").GetInt64(), after.GetProperty("chain").GetProperty("lastSequence").GetInt64());
        Assert.True(audit.GetProperty("isSound").GetBoolean());
    }

    [Fact]
    public async Task DemoData_EndsWithNoCashOrBankAccountInCredit()
    {
        var money = new List<(string Entity, string Account, decimal Debit, decimal Credit)>();
        foreach (var entity in new[] { "hub", "elder-care", "youth-club", "cafe", "fund" })
        {
            var trial = await (await Admin.GetAsync($"/ledgers/demo/entities/{entity}/trial-balance")).JsonAsync();
            foreach (var row in trial.GetProperty("sections")[0].GetProperty("rows").EnumerateArray()
                .Where(r => global::CommunityFund.Reports.CashPositions.IsCash(global::CommunityFund.Ledger.AccountCode.Parse(r.GetProperty("account").GetString()!))))
            {
                money.Add((entity, row.GetProperty("account").GetString()!, Amount(row.GetProperty("debitBalance")), Amount(row.GetProperty("creditBalance"))));
            }
        }

        Assert.All(money, m => Assert.True(m.Credit == 0, $"{m.Entity} {m.Account} is {m.Credit} in credit"));
        Assert.Contains(money, m => m is { Entity: "elder-care", Account: "1002.01", Debit: > 0 });
    }

    [Fact]
    public async Task RefundAfterSettlement_KeepsTheAuditSound_AndTheHubRepaysWhatItOwesBack()
    {
        var march = await FirstMarchSaleAsync();

        var refund = await _app.Client(ApiApplication.ElderCare).PostJsonAsync($"/ledgers/demo/sales/{march}/refunds",
            """{"amount":{"amount":"100.00","currency":"CNY"},"date":"2026-04-15","reason":"resident moved away","channel":"bank"}""");
        var repaid = await Admin.PostJsonAsync("/ledgers/demo/repayments", """{"provider":"elder-care","counterparty":"hub","date":"2026-04-30"}""");
        var audit = await (await Admin.GetAsync("/ledgers/demo/audit?asOf=2026-04-30")).JsonAsync();

        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repaid.StatusCode);
        var repayment = await repaid.JsonAsync();
        Assert.Equal(("-25.00", true), (repayment.GetProperty("amount").GetProperty("amount").GetString(), repayment.GetProperty("isRepayment").GetBoolean()));
        Assert.True(audit.GetProperty("isSound").GetBoolean(), audit.ToString());
        Assert.DoesNotContain(audit.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "cash.in_credit");
    }

    [Fact]
    public async Task Repayment_WhenNothingIsOwedBack_Is422()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/repayments", """{"provider":"elder-care","counterparty":"hub","date":"2026-04-30"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("repayment.nothing_owed", (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Settlement_FromABankThatDoesNotHoldTheMoney_Is422InsufficientFunds_AndClearingFirstPaysIt()
    {
        var elderCare = _app.Client(ApiApplication.ElderCare);
        Assert.Equal(HttpStatusCode.Created, (await elderCare.PostJsonAsync("/ledgers/demo/sales",
            """{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":40,"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"weChatPay","date":"2026-05-06","residentReference":"r-0200"}""")).StatusCode);
        var statement = (await (await Admin.PostJsonAsync("/ledgers/demo/statements", """{"provider":"elder-care","counterparty":"hub","period":"2026-05"}""")).JsonAsync()).GetProperty("id").GetString();
        await Admin.PostJsonAsync($"/ledgers/demo/statements/{statement}/invoice", """{"reference":"HUB-INV-2026-05-001"}""");

        var refused = await Admin.PostJsonAsync($"/ledgers/demo/statements/{statement}/settle", """{"date":"2026-06-05"}""");
        var cleared = await elderCare.PostJsonAsync("/ledgers/demo/clearings",
            """{"entity":"elder-care","channel":"weChatPay","date":"2026-06-03","amount":{"amount":"4000.00","currency":"CNY"},"fee":{"amount":"24.00","currency":"CNY"}}""");
        var settled = await Admin.PostJsonAsync($"/ledgers/demo/statements/{statement}/settle", """{"date":"2026-06-05"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal("payment.insufficient_funds", problem.GetProperty("code").GetString());
        Assert.Equal(("1002.01", "1000.00"), (problem.GetProperty("figures").GetProperty("account").GetString(), problem.GetProperty("figures").GetProperty("payment").GetString()));
        Assert.Equal(HttpStatusCode.Created, cleared.StatusCode);
        var fee = (await cleared.JsonAsync()).GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("account").GetString() == "5301");
        Assert.Equal("24.00", fee.GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
    }

    [Fact]
    public async Task Clearing_MoreThanIsInTransit_Is422InsufficientFunds()
    {
        var response = await _app.Client(ApiApplication.Cafe).PostJsonAsync("/ledgers/demo/clearings",
            """{"entity":"cafe","channel":"alipay","date":"2026-04-03","amount":{"amount":"200.00","currency":"CNY"}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        // The demo cleared the café's March Alipay money (199.98) on 16 March: nothing is left in transit.
        Assert.Equal(("payment.insufficient_funds", "0.00"), (problem.GetProperty("code").GetString(), problem.GetProperty("figures").GetProperty("balance").GetString()));
    }

    [Fact]
    public async Task Clearing_OfAnotherProvidersMoney_IsForbidden()
    {
        var response = await _app.Client(ApiApplication.Cafe).PostJsonAsync("/ledgers/demo/clearings",
            """{"entity":"elder-care","channel":"weChatPay","date":"2026-04-03","amount":{"amount":"1.00","currency":"CNY"}}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"entity":"cafe","channel":"bank","date":"2026-04-03","amount":{"amount":"1.00","currency":"CNY"}}""", "channel")]
    [InlineData("""{"entity":"cafe","channel":"alipay","date":"2026-04-03","amount":{"amount":"-1.00","currency":"CNY"}}""", "amount")]
    [InlineData("""{"entity":"cafe","channel":"alipay","date":"2026-04-03","amount":{"amount":"1.00","currency":"CNY"},"fee":{"amount":"-0.01","currency":"CNY"}}""", "fee")]
    [InlineData("""{"entity":"cafe","channel":"alipay","date":"2026-04-03","amount":{"amount":"1.00","currency":"CNY"},"fee":{"amount":"1.00","currency":"CNY"}}""", "fee")]
    public async Task Clearing_WithBadInput_Is4xxNamingTheField(string body, string field)
    {
        var response = await _app.Client(ApiApplication.Cafe).PostJsonAsync("/ledgers/demo/clearings", body);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, response.StatusCode.ToString());
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    private async Task<string> FirstMarchSaleAsync()
    {
        var sales = await (await Admin.GetAsync("/ledgers/demo/sales?provider=elder-care")).JsonAsync();
        return sales.EnumerateArray().First(s => s.GetProperty("date").GetString() == "2026-03-02").GetProperty("id").GetString()!;
    }

    private static decimal Amount(System.Text.Json.JsonElement money) =>
        decimal.Parse(money.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
