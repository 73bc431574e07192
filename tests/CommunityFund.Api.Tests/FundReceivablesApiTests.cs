using System.Net;
using System.Text;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary>The schedule of amounts owed to the community fund (ADR 0011) through the real HTTP stack. In the demo books
/// elder-care's March shares were settled on 2026-04-10; the café's and the youth club's never were.</summary>
public sealed class FundReceivablesApiTests : IDisposable
{
    private const string Path = "/ledgers/demo/reports/fund-receivables";
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Trustee => _app.Client(ApiApplication.Trustee);

    [Fact]
    public async Task Trustee_ReadsEveryProvidersUnpaidShares_AsOfTheGivenDate()
    {
        var schedule = await (await Trustee.GetAsync($"{Path}?asOf=2026-04-30")).JsonAsync();

        var rows = schedule.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("2026-04-30", schedule.GetProperty("asOf").GetString());
        Assert.Equal(["cafe", "youth-club"], rows.Select(r => r.GetProperty("provider").GetString()));
        Assert.All(rows, r => Assert.Equal(("2026-03", 30), (r.GetProperty("month").GetString(), r.GetProperty("ageDays").GetInt32())));
        Assert.All(schedule.GetProperty("totals").EnumerateArray(), t => Assert.True(t.GetProperty("agrees").GetBoolean(), t.GetRawText()));
    }

    [Fact]
    public async Task SharesOwedBeforeTheirSettlement_AreOnTheSchedule()
    {
        var schedule = await (await Trustee.GetAsync($"{Path}?asOf=2026-04-09")).JsonAsync();

        Assert.Contains(schedule.GetProperty("rows").EnumerateArray(), r => r.GetProperty("provider").GetString() == "elder-care");
    }

    [Fact]
    public async Task Provider_ReadsItsOwnRowsOnly()
    {
        var schedule = await (await _app.Client(ApiApplication.Cafe).GetAsync($"{Path}?asOf=2026-04-30")).JsonAsync();

        var providers = schedule.GetProperty("rows").EnumerateArray().Concat(schedule.GetProperty("totals").EnumerateArray())
            .Select(r => r.GetProperty("provider").GetString()).ToList();
        Assert.NotEmpty(providers);
        Assert.All(providers, p => Assert.Equal("cafe", p));
    }

    [Fact]
    public async Task Provider_AskingForAnotherProvidersRows_Is403()
    {
        var response = await _app.Client(ApiApplication.Cafe).GetAsync($"{Path}?provider=elder-care");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Trustee_CanChooseOneProvider()
    {
        var schedule = await (await Trustee.GetAsync($"{Path}?asOf=2026-04-30&provider=youth-club")).JsonAsync();

        Assert.Equal("youth-club", Assert.Single(schedule.GetProperty("totals").EnumerateArray()).GetProperty("provider").GetString());
    }

    [Fact]
    public async Task WithoutAnAsOf_IsDrawnUpToTodayInTheLedgersTimeZone()
    {
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Date;

        var schedule = await (await Trustee.GetAsync(Path)).JsonAsync();

        Assert.Equal(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), schedule.GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task Csv_IsUtf8WithABom_OneRowPerUnpaidMonthAndATotalPerProvider()
    {
        var response = await Trustee.GetAsync($"{Path}?asOf=2026-07-01&format=csv");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("as_of,provider,fund,month,aged_from,age_days,bucket,", lines[0], StringComparison.Ordinal);
        Assert.Equal(["2026-07-01,cafe,fund,2026-03,2026-03-31,92,over 90", "2026-07-01,youth-club,fund,2026-03,2026-03-31,92,over 90"],
            lines.Skip(1).Take(2).Select(l => string.Join(',', l.Split(',').Take(7))));
        // Elder-care paid everything: no month row, but its total (0.00, agreeing with its books) is kept.
        Assert.Equal(["cafe", "elder-care", "youth-club"], lines.Where(l => l.Split(',')[3] == "total").Select(l => l.Split(',')[1]));
        Assert.EndsWith(",0.00,0.00,0.00,0.00,0.00,0.00,yes", lines.Single(l => l.StartsWith("2026-07-01,elder-care,fund,total", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("asOf=2026-13-01")]
    [InlineData("format=xlsx")]
    public async Task BadQuery_Is400(string query)
    {
        var response = await Trustee.GetAsync($"{Path}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation.failed", await response.CodeAsync());
    }
}
