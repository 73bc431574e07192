using System.Net;
using System.Text.Json;

namespace CommunityFund.Api.Tests;

/// <summary>The main flows through the real HTTP stack on SQLite.</summary>
public sealed class FlowTests : IDisposable
{
    // A private SQLite database per test.
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Health_NeedsNoKey() => Assert.Equal(HttpStatusCode.OK, (await _app.Client(null).GetAsync("/health")).StatusCode);

    [Fact]
    public async Task Sale_ReturnsIts70_25_5Distribution()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale(quantity: 10));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var distribution = (await response.JsonAsync()).GetProperty("distributions")[0];
        Assert.Equal(("1000.00", "700.00", "250.00", "50.00", "standard@1"),
            (distribution.GetProperty("base").GetProperty("amount").GetString(), distribution.GetProperty("provider").GetProperty("amount").GetString(),
             distribution.GetProperty("hub").GetProperty("amount").GetString(), distribution.GetProperty("fund").GetProperty("amount").GetString(),
             distribution.GetProperty("policy").GetString()));
    }

    [Fact]
    public async Task SaleRefundStatementSettlement_EndInASettledDistributionAndBalancedBooks()
    {
        var provider = _app.Client(ApiApplication.ElderCare);
        var admin = _app.Client(ApiApplication.Admin);
        var sale = await (await provider.PostJsonAsync("/ledgers/demo/sales", Http.Sale(quantity: 4, date: "2026-05-03"))).JsonAsync();
        var refund = await provider.PostJsonAsync($"/ledgers/demo/sales/{sale.GetProperty("id").GetString()}/refunds",
            """{"amount":{"amount":"100.00","currency":"CNY"},"date":"2026-05-04","reason":"cancelled"}""");
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);

        var statement = await admin.PostJsonAsync("/ledgers/demo/statements", """{"provider":"elder-care","counterparty":"hub","period":"2026-05"}""");
        Assert.Equal(HttpStatusCode.Created, statement.StatusCode);
        var id = (await statement.JsonAsync()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/ledgers/demo/statements/{id}/invoice", """{"reference":"INV-2026-05"}""")).StatusCode);
        var settled = await admin.PostJsonAsync($"/ledgers/demo/statements/{id}/settle", """{"date":"2026-06-01"}""");

        var body = await settled.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        Assert.Equal(("settled", "75.00"), (body.GetProperty("status").GetString(), body.GetProperty("amount").GetProperty("amount").GetString()));
        var trialBalance = await (await admin.GetAsync("/ledgers/demo/entities/hub/trial-balance")).JsonAsync();
        Assert.True(trialBalance.GetProperty("isBalanced").GetBoolean());
        var audit = await (await _app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/verification")).JsonAsync();
        Assert.True(audit.GetProperty("isSound").GetBoolean());
    }

    [Fact]
    public async Task ManualJournal_ThatDoesNotBalance_Is422WithTheImbalance()
    {
        var response = await _app.Client(ApiApplication.Admin).PostJsonAsync("/ledgers/demo/journals", """
            {"date":"2026-04-01","memo":"office supplies","lines":[
              {"entity":"elder-care","account":"5201","side":"debit","amount":{"amount":"10.00","currency":"CNY"}},
              {"entity":"elder-care","account":"1001","side":"credit","amount":{"amount":"9.99","currency":"CNY"}}]}
            """);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("journal.unbalanced", await response.CodeAsync());
    }

    [Fact]
    public async Task JournalsList_PagesWithACursorAndFilters()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var first = await (await admin.GetAsync("/ledgers/demo/journals?limit=2&kind=distribution")).JsonAsync();
        var cursor = first.GetProperty("nextCursor").GetInt64();
        var second = await (await admin.GetAsync($"/ledgers/demo/journals?limit=2&kind=distribution&after={cursor}")).JsonAsync();

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.All(second.GetProperty("items").EnumerateArray(), j => Assert.True(j.GetProperty("sequence").GetInt64() > cursor));
        Assert.All(first.GetProperty("items").EnumerateArray(), j => Assert.Equal("distribution", j.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Reversal_CanHappenOnlyOnce()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var journal = await (await admin.PostJsonAsync("/ledgers/demo/journals", """
            {"date":"2026-04-01","memo":"petty cash","lines":[
              {"entity":"elder-care","account":"1001","side":"debit","amount":{"amount":"5.00","currency":"CNY"}},
              {"entity":"elder-care","account":"1002.01","side":"credit","amount":{"amount":"5.00","currency":"CNY"}}]}
            """)).JsonAsync();
        var path = $"/ledgers/demo/journals/{journal.GetProperty("id").GetString()}/reversal";

        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync(path, """{"reason":"entered twice","date":"2026-04-02"}""")).StatusCode);
        var again = await admin.PostJsonAsync(path, """{"reason":"again","date":"2026-04-02"}""");
        Assert.Equal("journal.already_reversed", await again.CodeAsync());
    }

    [Fact]
    public async Task TimeBank_AwardsAndRedeemsHoursWithinTheRules()
    {
        var provider = _app.Client(ApiApplication.ElderCare);
        var award = await provider.PostJsonAsync("/ledgers/demo/memo-transfers",
            """{"entity":"elder-care","kind":"award","amount":{"amount":"3.50","currency":"HOUR"},"date":"2026-04-03","memo":"visits","to":"v-0001"}""");
        var overdraw = await provider.PostJsonAsync("/ledgers/demo/memo-transfers",
            """{"entity":"elder-care","kind":"redeem","amount":{"amount":"4.00","currency":"HOUR"},"date":"2026-04-04","memo":"care","from":"v-0001"}""");
        var balance = await (await provider.GetAsync("/ledgers/demo/entities/elder-care/members/v-0001/balance")).JsonAsync();

        Assert.Equal(HttpStatusCode.Created, award.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, overdraw.StatusCode);
        Assert.Equal("3.50", balance.GetProperty("hours").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task ClosingAPeriod_PostsTheClosingEntriesAndLocksIt()
    {
        var admin = _app.Client(ApiApplication.Admin);
        await admin.PostJsonAsync("/ledgers/demo/periods/2026-01/close", "{}");
        await admin.PostJsonAsync("/ledgers/demo/periods/2026-02/close", "{}");

        var march = await (await admin.PostJsonAsync("/ledgers/demo/periods/2026-03/close", "{}")).JsonAsync();
        var late = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-03-30"));

        Assert.Equal("2026-03-31", march.GetProperty("closedThrough").GetString());
        Assert.True(march.GetProperty("closingJournals").GetArrayLength() > 0);
        Assert.Equal("period.closed", await late.CodeAsync());
    }

    [Fact]
    public async Task ApiKeys_AreShownOnceAndStopWorkingWhenRevoked()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var created = await (await admin.PostJsonAsync("/ledgers/demo/api-keys", """{"name":"auditor 2026","role":"trustee"}""")).JsonAsync();
        var key = created.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _app.Client(key).GetAsync("/ledgers/demo/verification")).StatusCode);
        var list = await (await admin.GetAsync("/ledgers/demo/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(key.Split('_')[3], list, StringComparison.Ordinal);

        await admin.PostJsonAsync($"/ledgers/demo/api-keys/{created.GetProperty("id").GetString()}/revoke", "{}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.Client(key).GetAsync("/ledgers/demo/verification")).StatusCode);
    }
}

/// <summary>One application shared by the tests of a class (each test uses its own dates and keys).</summary>
public sealed class ApiApplicationFixture : IDisposable
{
    /// <summary>The application.</summary>
    public ApiApplication App { get; } = new();

    /// <inheritdoc />
    public void Dispose() => App.Dispose();
}
