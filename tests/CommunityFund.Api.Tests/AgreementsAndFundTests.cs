using System.Net;
using System.Text.Json;

namespace CommunityFund.Api.Tests;

/// <summary>Leases, swaps and the community fund through the real HTTP stack on SQLite.</summary>
public sealed class AgreementsAndFundTests : IDisposable
{
    private const string Lease = """
        {"id":"garden-room","kind":"nominalLease","grantor":"committee","operator":"youth-club","start":"2026-04-01","end":"2027-03-31",
         "obligations":[{"service":"homework help","perMonth":{"amount":"8","currency":"COUNT"},"minimumBeneficiariesPerMonth":20}],
         "lease":{"space":{"name":"Garden room","areaSquareMetres":45.5},"nominalRent":{"amount":"1.00","currency":"CNY"},"frequency":"quarterly",
                  "fairRent":{"amount":{"amount":"4500.00","currency":"CNY"},"basis":"Garden-room rate, street office 2026"}}}
        """;

    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    [Fact]
    public async Task Lease_RegisteredActivatedAndCharged_PostsTheNominalRentAndTheServicesOwed()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/activate", "{}")).StatusCode);

        var due = await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/post-due", """{"through":"2026-05-15"}""");

        Assert.Equal(HttpStatusCode.OK, due.StatusCode);
        var body = await due.JsonAsync();
        Assert.Equal((1, 2), (body.GetProperty("agreement").GetProperty("periodsCharged").GetInt32(), body.GetProperty("agreement").GetProperty("monthsOpened").GetInt32()));
        var kinds = body.GetProperty("journals").EnumerateArray().Select(j => j.GetProperty("kind").GetString()).Distinct();
        Assert.Equal(["lease"], kinds);
    }

    [Fact]
    public async Task Delivery_ByTheOperatorsKey_ReducesTheShortfall()
    {
        var youth = _app.Client(ApiApplication.YouthClub);
        await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease());
        await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/activate", "{}");

        var delivered = await youth.PostJsonAsync("/ledgers/demo/agreements/garden-room/deliveries",
            """{"service":"homework help","date":"2026-04-08","quantity":{"amount":"5","currency":"COUNT"},"beneficiaries":26,"evidence":"sign-in sheet"}""");
        var status = await (await Admin.GetAsync("/ledgers/demo/agreements/garden-room/obligations?asOf=2026-04-30")).JsonAsync();

        Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);
        var month = status.GetProperty("months")[0];
        Assert.Equal(("8", "5", "3"), (month.GetProperty("owed").GetProperty("amount").GetString(), month.GetProperty("delivered").GetProperty("amount").GetString(),
            month.GetProperty("shortfall").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task Delivery_ByAnotherProvidersKey_IsForbidden()
    {
        await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease());
        await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/activate", "{}");

        var response = await _app.Client(ApiApplication.Cafe).PostJsonAsync("/ledgers/demo/agreements/living-room/deliveries",
            """{"service":"elder visits","date":"2026-04-08","quantity":{"amount":"1.00","currency":"HOUR"},"beneficiaries":2,"evidence":"log"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RevenueShare_ByTheOperator_PaysTheFundItsShare()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/agreements/living-room/revenue-shares",
            """{"month":"2026-03-01","revenue":{"amount":"800.00","currency":"CNY"},"date":"2026-04-05","fund":"fund"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fundLine = (await response.JsonAsync()).GetProperty("journals")[0].GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("account").GetString() == "4101.02");
        Assert.Equal("40.00", fundLine.GetProperty("amount").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task DemoLease_IsActiveAndOwesItsServices()
    {
        var lease = await (await _app.Client(ApiApplication.ElderCare).GetAsync("/ledgers/demo/agreements/living-room")).JsonAsync();
        var status = await (await _app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/agreements/living-room/obligations?asOf=2026-03-31")).JsonAsync();

        Assert.Equal(("active", 3), (lease.GetProperty("status").GetString(), lease.GetProperty("monthsOpened").GetInt32()));
        var sessions = status.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("service").GetString() == "public-welfare sessions");
        Assert.Equal(("24", "6", "18"), (sessions.GetProperty("owed").GetProperty("amount").GetString(), sessions.GetProperty("delivered").GetProperty("amount").GetString(),
            sessions.GetProperty("shortfall").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task Lease_AboveTheFairRent_Is422NamingTheField()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease().Replace("\"1.00\"", "\"5000.00\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("lease.fairRent.amount", out _));
    }

    [Fact]
    public async Task Lease_WithoutItsFairRentBasis_Is400()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/agreements", Lease.Replace(",\"basis\":\"Garden-room rate, street office 2026\"", string.Empty, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Agreement_RegisteredTwice_Is409()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease().Replace("garden-room", "living-room", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("agreement.exists", await response.CodeAsync());
    }

    [Fact]
    public async Task Agreements_AProviderListsOnlyThoseItOperates()
    {
        var list = await (await _app.Client(ApiApplication.Cafe).GetAsync("/ledgers/demo/agreements")).JsonAsync();

        Assert.Equal(["hall-swap"], list.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task DonatedUse_SetByTheAdministrator_RecognisesTheMonthsUseOnItsLastDay()
    {
        var set = await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/ledgers/demo/settings/donated-use")
        {
            Content = new StringContent("""{"policy":"recognizeAtFairValue"}""", System.Text.Encoding.UTF8, "application/json"),
        });
        await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease());
        await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/activate", "{}");

        var due = await (await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/post-due", """{"through":"2026-04-30"}""")).JsonAsync();

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var recognised = due.GetProperty("journals").EnumerateArray()
            .Single(j => j.GetProperty("lines").EnumerateArray().Any(l => l.GetProperty("account").GetString() == "4101.01"));
        // A quarter's 4,499.00 forgone over its three months: 1,499.67 for April.
        var donation = recognised.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("account").GetString() == "4101.01");
        Assert.Equal(("2026-04-30", "1499.67"), (recognised.GetProperty("date").GetString(), donation.GetProperty("amount").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task DonatedUse_SetByTheAdministrator_RecognisesNothingOnTheFirstDay()
    {
        await Admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/ledgers/demo/settings/donated-use")
        {
            Content = new StringContent("""{"policy":"recognizeAtFairValue"}""", System.Text.Encoding.UTF8, "application/json"),
        });
        await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease());
        await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/activate", "{}");

        var due = await (await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/post-due", """{"through":"2026-04-01"}""")).JsonAsync();

        Assert.DoesNotContain(due.GetProperty("journals").EnumerateArray().SelectMany(j => j.GetProperty("lines").EnumerateArray()),
            l => l.GetProperty("account").GetString() is "4101.01" or "M400.01");
    }

    [Fact]
    public async Task Termination_BackDated_AnswersWithTheJournalsReversingTheUnusedUse()
    {
        await Admin.PostJsonAsync("/ledgers/demo/agreements", ValidLease());
        await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/activate", "{}");
        await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/post-due", """{"through":"2026-05-31"}""");

        var ended = await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/end", """{"ending":"terminated","lastDay":"2026-04-30","reason":"The club moved out"}""");

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var body = await ended.JsonAsync();
        var memo = body.GetProperty("journals").EnumerateArray().SelectMany(j => j.GetProperty("lines").EnumerateArray())
            .Single(l => l.GetProperty("account").GetString() == "M400.01");
        // May's 1,499.67 goes; April stays.
        Assert.Equal(("credit", "1499.67", 1), (memo.GetProperty("side").GetString(), memo.GetProperty("amount").GetProperty("amount").GetString(),
            body.GetProperty("agreement").GetProperty("usePosted").GetArrayLength()));
    }

    [Fact]
    public async Task RevenueShare_OnRevenueAlreadyDistributed_Is422WithTheOverlapCode_AndWritesNothing()
    {
        var elderCare = _app.Client(ApiApplication.ElderCare);

        var refused = await elderCare.PostJsonAsync("/ledgers/demo/agreements/living-room/revenue-shares",
            """{"month":"2026-03-01","revenue":{"amount":"800.00","currency":"CNY"},"date":"2026-04-05","fund":"fund","distributedRevenue":{"amount":"500.00","currency":"CNY"}}""");
        var outside = await elderCare.PostJsonAsync("/ledgers/demo/agreements/living-room/revenue-shares",
            """{"month":"2026-03-01","revenue":{"amount":"300.00","currency":"CNY"},"date":"2026-04-05","fund":"fund"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("agreement.fund_share_overlaps_distribution", await refused.CodeAsync());
        Assert.Contains("standard@1", (await refused.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The month was left unshared, so the corrected declaration is paid.
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
    }

    [Fact]
    public async Task RevenueShare_OnDistributedRevenue_IsPaidOnAllOfItWhenTheLeaseSaysSo()
    {
        var lease = ValidLease().Replace("\"frequency\":\"quarterly\",", "\"frequency\":\"quarterly\",\"fundShareBasisPoints\":500,\"fundShareOnDistributedRevenue\":true,", StringComparison.Ordinal);
        var registered = await (await Admin.PostJsonAsync("/ledgers/demo/agreements", lease)).JsonAsync();
        await Admin.PostJsonAsync("/ledgers/demo/agreements/garden-room/activate", "{}");

        var response = await _app.Client(ApiApplication.YouthClub).PostJsonAsync("/ledgers/demo/agreements/garden-room/revenue-shares",
            """{"month":"2026-04-01","revenue":{"amount":"800.00","currency":"CNY"},"date":"2026-05-05","fund":"fund","distributedRevenue":{"amount":"500.00","currency":"CNY"}}""");

        Assert.True(registered.GetProperty("lease").GetProperty("fundShareOnDistributedRevenue").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fundLine = (await response.JsonAsync()).GetProperty("journals")[0].GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("account").GetString() == "4101.02");
        Assert.Equal("40.00", fundLine.GetProperty("amount").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task RevenueShare_WithANegativeDistributedRevenue_Is400NamingTheField()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/agreements/living-room/revenue-shares",
            """{"month":"2026-03-01","revenue":{"amount":"800.00","currency":"CNY"},"date":"2026-04-05","fund":"fund","distributedRevenue":{"amount":"-1.00","currency":"CNY"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("distributedRevenue", out _));
    }

    [Fact]
    public async Task Lease_SharingDistributedRevenueWithoutAFundShare_Is422()
    {
        var lease = ValidLease().Replace("\"frequency\":\"quarterly\",", "\"frequency\":\"quarterly\",\"fundShareOnDistributedRevenue\":true,", StringComparison.Ordinal);

        var response = await Admin.PostJsonAsync("/ledgers/demo/agreements", lease);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("lease.fundShareOnDistributedRevenue", out _));
    }

    [Fact]
    public async Task Grant_BeyondTheRestriction_Is422AndPostsNothing()
    {
        var before = await JournalCountAsync();

        var response = await Admin.PostJsonAsync("/ledgers/demo/fund/grants",
            """{"fund":"fund","project":"stairway-repair","date":"2026-04-02","amount":{"amount":"7000.01","currency":"CNY"},"purpose":"more handrails","restriction":"stairway-repair"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("fund.restriction_insufficient", await response.CodeAsync());
        Assert.Equal(before, await JournalCountAsync());
    }

    [Fact]
    public async Task DonationAndGrant_MoveTheRestrictionsAvailableBalance()
    {
        var donated = await Admin.PostJsonAsync("/ledgers/demo/fund/donations",
            """{"fund":"fund","date":"2026-04-02","amount":{"amount":"500.00","currency":"CNY"},"donor":"d-0009","restriction":"stairway-repair"}""");
        var granted = await Admin.PostJsonAsync("/ledgers/demo/fund/grants",
            """{"fund":"fund","project":"stairway-repair","date":"2026-04-03","amount":{"amount":"7500.00","currency":"CNY"},"purpose":"handrails","restriction":"stairway-repair"}""");

        var restrictions = await (await _app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/entities/fund/restrictions")).JsonAsync();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (donated.StatusCode, granted.StatusCode));
        var stairway = restrictions.EnumerateArray().Single(r => r.GetProperty("restriction").GetString() == "stairway-repair");
        Assert.Equal("0.00", stairway.GetProperty("available").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task Donation_ForTheFundWithAProvidersKey_IsForbidden()
    {
        var response = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/fund/donations",
            """{"fund":"fund","date":"2026-04-02","amount":{"amount":"5.00","currency":"CNY"},"donor":"d-0009"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PeriodClose_ReleasesTheGrantFromRestrictedNetAssets()
    {
        foreach (var period in new[] { "2026-01", "2026-02", "2026-03" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Admin.PostJsonAsync($"/ledgers/demo/periods/{period}/close", "{}")).StatusCode);
        }

        var restrictions = await (await Admin.GetAsync("/ledgers/demo/entities/fund/restrictions")).JsonAsync();

        var stairway = restrictions.EnumerateArray().Single(r => r.GetProperty("restriction").GetString() == "stairway-repair");
        Assert.Equal(("3000.00", "7000.00"), (stairway.GetProperty("released").GetProperty("amount").GetString(), stairway.GetProperty("available").GetProperty("amount").GetString()));
    }

    [Fact]
    public async Task AgencyGift_ReceivedAndPassedOn_NetsToZeroForTheBeneficiary()
    {
        var received = await Admin.PostJsonAsync("/ledgers/demo/fund/agency", """{"fund":"fund","movement":"receive","beneficiary":"b-0042","date":"2026-04-02","amount":{"amount":"300.00","currency":"CNY"},"memo":"coats"}""");
        var held = await (await Admin.GetAsync("/ledgers/demo/entities/fund/agency")).JsonAsync();
        var over = await Admin.PostJsonAsync("/ledgers/demo/fund/agency", """{"fund":"fund","movement":"passOn","beneficiary":"b-0042","date":"2026-04-03","amount":{"amount":"300.01","currency":"CNY"},"memo":"coats"}""");
        var passedOn = await Admin.PostJsonAsync("/ledgers/demo/fund/agency", """{"fund":"fund","movement":"passOn","beneficiary":"b-0042","date":"2026-04-03","amount":{"amount":"300.00","currency":"CNY"},"memo":"coats"}""");

        var agency = await (await Admin.GetAsync("/ledgers/demo/entities/fund/agency")).JsonAsync();

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (received.StatusCode, passedOn.StatusCode));
        var line = held.EnumerateArray().Single(b => b.GetProperty("beneficiary").GetString() == "b-0042");
        Assert.Equal(("300.00", "300.00"), (line.GetProperty("held").GetProperty("amount").GetString(), line.GetProperty("owed").GetProperty("amount").GetString()));
        Assert.Equal("fund.agency_insufficient", await over.CodeAsync());
        Assert.Equal(0, agency.GetArrayLength());
    }

    private static string ValidLease() => Lease;

    private async Task<int> JournalCountAsync()
    {
        var page = await (await Admin.GetAsync("/ledgers/demo/journals?limit=500")).JsonAsync();
        return page.GetProperty("items").GetArrayLength();
    }
}
