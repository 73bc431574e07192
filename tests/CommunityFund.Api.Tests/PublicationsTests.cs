using System.Net;
using System.Security.Cryptography;
using System.Text;
using CommunityFund.Reports;

namespace CommunityFund.Api.Tests;

/// <summary>Publishing closed months (公示) through the real HTTP stack on the demo books: the signed snapshot, its
/// figures, who may publish, and the correction notes a later reversal leaves.</summary>
public sealed class PublicationsTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    private async Task CloseThroughMarchAsync()
    {
        foreach (var month in new[] { "2026-01", "2026-02", "2026-03" })
        {
            Assert.Equal(HttpStatusCode.OK, (await Admin.PostJsonAsync($"/ledgers/demo/periods/{month}/close", "{}")).StatusCode);
        }
    }

    private async Task<System.Text.Json.JsonElement> PublishMarchAsync(string? key = "auto")
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/publications/2026-03", "{}", key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task AMonthNotYetClosed_IsNotPublished()
    {
        var response = await Admin.PostJsonAsync("/ledgers/demo/publications/2026-03", "{}");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "publication.period_open"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task APublishedMonth_ShowsTheFundsMoneyInAndOut_AsTheFundStatementDoes()
    {
        await CloseThroughMarchAsync();

        var figures = (await PublishMarchAsync()).GetProperty("figures");

        var statement = await (await Admin.GetAsync("/ledgers/demo/entities/fund/statements/fund?from=2026-03-01&to=2026-03-31")).JsonAsync();
        var donations = figures.GetProperty("donations").EnumerateArray().Sum(d => decimal.Parse(d.GetProperty("amount").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(decimal.Parse(statement.GetProperty("donations").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture), donations);
        var grant = figures.GetProperty("grants").EnumerateArray().Single();
        Assert.Equal(("stairway-repair", "Handrails for buildings 3 and 4", "3000.00"), (grant.GetProperty("project").GetString(), grant.GetProperty("purpose").GetString(), grant.GetProperty("amount").GetProperty("amount").GetString()));
        Assert.Equal("150.00", figures.GetProperty("selfFinancing").EnumerateArray().Single().GetProperty("amount").GetProperty("amount").GetString());
        Assert.Contains(figures.GetProperty("agreements").EnumerateArray(), a => a.GetProperty("id").GetString() == "living-room" && a.GetProperty("months").GetArrayLength() > 0);
    }

    [Fact]
    public async Task APublication_SplitsEachProvidersResidentsPayments_IntoWhatItKeptAndTheHubsAndTheFundsShares()
    {
        await CloseThroughMarchAsync();

        var figures = (await PublishMarchAsync()).GetProperty("figures");

        var elderCare = figures.GetProperty("providerFlows").EnumerateArray().Single(p => p.GetProperty("provider").GetString() == "elder-care");
        string Amount(string name) => elderCare.GetProperty(name).GetProperty("amount").GetString()!;
        // 10 × 100.00 paid + 3 × 30.00 low-cost − a refund of 100.00, split 70/25/5.
        Assert.Equal(("990.00", "693.00", "247.50", "49.50"), (Amount("residentsPaid"), Amount("kept"), Amount("hub"), Amount("fund")));
        Assert.Equal("长者服务中心 Elder-care centre", figures.GetProperty("organisations").GetProperty("elder-care").GetString());
    }

    [Fact]
    public async Task DonorsAreAnonymous_UnlessTheyConsentedToBeNamed()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostJsonAsync("/ledgers/demo/fund/donations",
            """{"fund":"fund","date":"2026-03-25","amount":{"amount":"88.00","currency":"CNY"},"donor":"王阿姨","publishDonor":true}""")).StatusCode);
        await CloseThroughMarchAsync();

        var donations = (await PublishMarchAsync()).GetProperty("figures").GetProperty("donations").EnumerateArray().ToList();

        Assert.Equal("王阿姨", donations.Single(d => d.GetProperty("amount").GetProperty("amount").GetString() == "88.00").GetProperty("donor").GetString());
        Assert.All(donations.Where(d => d.GetProperty("amount").GetProperty("amount").GetString() != "88.00"), d => Assert.Equal(System.Text.Json.JsonValueKind.Null, d.GetProperty("donor").ValueKind));
    }

    [Fact]
    public async Task APublication_NamesNoResident()
    {
        await CloseThroughMarchAsync();

        var publication = await PublishMarchAsync();

        Assert.DoesNotMatch(@"r-\d{4}", publication.GetRawText());
    }

    [Fact]
    public async Task APublication_IsSignedOverItsFiguresAndTheChainHead_WithTheCheckpointKey()
    {
        await CloseThroughMarchAsync();

        var publication = await PublishMarchAsync();

        var figuresJson = publication.GetProperty("figuresJson").GetString()!;
        Assert.Equal(publication.GetProperty("digest").GetString(), Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(figuresJson))));
        var key = await (await _app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/checkpoint/key")).JsonAsync();
        Assert.True(CheckpointSigner.VerifyText(publication.GetProperty("payload").GetString()!, publication.GetProperty("signature").GetString()!, key.GetProperty("publicKeyPem").GetString()!));
        Assert.Contains($"\n{publication.GetProperty("sequence").GetInt64()}\n{publication.GetProperty("hash").GetString()}\n", publication.GetProperty("payload").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublishedMonth_IsNotPublishedAgain_ButItsKeyReplaysIt()
    {
        await CloseThroughMarchAsync();
        var first = await PublishMarchAsync("publish-march");

        var again = await Admin.PostJsonAsync("/ledgers/demo/publications/2026-03", "{}");
        var replay = await PublishMarchAsync("publish-march");

        Assert.Equal((HttpStatusCode.Conflict, "publication.exists"), (again.StatusCode, await again.CodeAsync()));
        Assert.Equal(first.GetProperty("signature").GetString(), replay.GetProperty("signature").GetString());
    }

    [Fact]
    public async Task OnlyTheHubAdministrator_Publishes()
    {
        await CloseThroughMarchAsync();

        var response = await _app.Client(ApiApplication.Trustee).PostJsonAsync("/ledgers/demo/publications/2026-03", "{}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AMonthNotPublished_Is404()
    {
        var response = await Admin.GetAsync("/ledgers/demo/publications/2026-03");

        Assert.Equal((HttpStatusCode.NotFound, "publication.not_found"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task AReversalOfAPublishedMonthsJournal_AppearsAsACorrectionNote_AndTheSnapshotStaysAsPublished()
    {
        await CloseThroughMarchAsync();
        var published = await PublishMarchAsync();
        var journals = await (await Admin.GetAsync("/ledgers/demo/journals?limit=500")).JsonAsync();
        var grant = journals.GetProperty("items").EnumerateArray().First(j => j.GetProperty("kind").GetString() == "grant");

        var reversal = await (await Admin.PostJsonAsync($"/ledgers/demo/journals/{grant.GetProperty("id").GetString()}/reversal", """{"reason":"paid to the wrong project","date":"2026-04-02"}""")).JsonAsync();
        var read = await (await Admin.GetAsync("/ledgers/demo/publications/2026-03")).JsonAsync();

        var note = read.GetProperty("corrections").EnumerateArray().Single();
        Assert.Equal((reversal.GetProperty("sequence").GetInt64(), grant.GetProperty("id").GetString(), "grant", "3000.00"),
            (note.GetProperty("sequence").GetInt64(), note.GetProperty("reversed").GetString(), note.GetProperty("kind").GetString(), note.GetProperty("amount").GetProperty("amount").GetString()));
        Assert.Contains("paid to the wrong project", note.GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal(published.GetProperty("figuresJson").GetString(), read.GetProperty("figuresJson").GetString());
    }

    [Fact]
    public async Task APublication_IsOneEventOfTheFeed_AfterItsMonthsClose_AndEarlierEventsKeepTheirPositions()
    {
        await CloseThroughMarchAsync();
        async Task<List<System.Text.Json.JsonElement>> FeedAsync() =>
            [.. (await (await Admin.GetAsync("/ledgers/demo/events?limit=1000")).JsonAsync()).GetProperty("events").EnumerateArray()];
        var before = await FeedAsync();

        var publication = await PublishMarchAsync();
        Assert.Equal(HttpStatusCode.Created, (await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-04-20"))).StatusCode);
        var after = await FeedAsync();

        Assert.Equal(before.Select(e => (e.GetProperty("id").GetString(), e.GetProperty("position").GetInt64())), after.Take(before.Count).Select(e => (e.GetProperty("id").GetString(), e.GetProperty("position").GetInt64())));
        var published = after[before.Count];
        Assert.Equal(("publication.published", "publication:2026-03", before[^1].GetProperty("position").GetInt64() + 1),
            (published.GetProperty("type").GetString(), published.GetProperty("sourceReference").GetString(), published.GetProperty("position").GetInt64()));
        Assert.Equal("period.closed", before[^1].GetProperty("type").GetString());
        Assert.Equal("sale.recorded", after[before.Count + 1].GetProperty("type").GetString());
        Assert.Equal(publication.GetProperty("sequence").GetInt64(), before.Count(e => e.GetProperty("journal").ValueKind != System.Text.Json.JsonValueKind.Null));
    }
}
