using System.Net;
using System.Text;

namespace CommunityFund.Api.Tests;

/// <summary>The statements, the fund statement and the CSV exports through the real HTTP stack.</summary>
public sealed class ReportsApiTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Trustee => _app.Client(ApiApplication.Trustee);

    [Fact]
    public async Task TrialBalanceCsv_IsUtf8WithABomAndChineseNames()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/fund/trial-balance?format=csv");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("unit,account,name_zh,name_en,", text, StringComparison.Ordinal);
        Assert.Contains(",社区基金专户,Community-fund bank account,", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFormat_Is400()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/fund/trial-balance?format=xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task IncomeStatement_OfTheHub_ShowsItsPlatformRevenue()
    {
        var income = await (await Trustee.GetAsync("/ledgers/demo/entities/hub/statements/income?from=2026-03-01&to=2026-03-31")).JsonAsync();

        Assert.True(decimal.Parse(income.GetProperty("operatingRevenue").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task IncomeStatement_OfA民非Entity_Is422()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/fund/statements/income?from=2026-03-01&to=2026-03-31");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("report.profile_unsupported", await response.CodeAsync());
    }

    [Fact]
    public async Task BalanceSheet_OfTheCafe_Balances()
    {
        var sheet = await (await Trustee.GetAsync("/ledgers/demo/entities/cafe/statements/balance-sheet?asOf=2026-12-31")).JsonAsync();

        Assert.True(sheet.GetProperty("balances").GetBoolean());
    }

    [Fact]
    public async Task FundStatement_ShowsDonationsGrantsAndRestrictions()
    {
        var statement = await (await Trustee.GetAsync("/ledgers/demo/entities/fund/statements/fund?from=2026-01-01&to=2026-12-31")).JsonAsync();

        Assert.Equal("12000.00", statement.GetProperty("donations").GetProperty("amount").GetString());
        Assert.Equal("3000.00", statement.GetProperty("totalGrants").GetProperty("amount").GetString());
        Assert.Contains(statement.GetProperty("restrictions").EnumerateArray(), r => r.GetProperty("restriction").GetString() == "stairway-repair");
    }

    [Fact]
    public async Task JournalsCsv_ForAProvider_HoldsOnlyItsOwnLines()
    {
        var response = await _app.Client(ApiApplication.Cafe).GetAsync("/ledgers/demo/exports/csv?entity=elder-care");

        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("cafe", Fields(r)[5]));
    }

    [Fact]
    public async Task JournalsCsv_ForADateRange_HoldsOnlyTheLinesDatedInIt()
    {
        var all = (await (await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/exports/csv")).Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        var response = await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/exports/csv?from=2026-03-01&to=2026-03-31");

        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(all.Where(r => Fields(r)[1].StartsWith("2026-03-", StringComparison.Ordinal)), rows);
        Assert.NotEqual(all.Count, rows.Count);
    }

    [Fact]
    public async Task JournalsCsv_WithADateThatIsNotOne_Is400()
    {
        var response = await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/exports/csv?from=2026-13-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>The fields of one CSV record (RFC 4180 quoting).</summary>
    private static List<string> Fields(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    [Fact]
    public async Task DistributionsByPeriod_SumTheMonthsShares()
    {
        var rows = await (await Trustee.GetAsync("/ledgers/demo/reports/distributions/by-period")).JsonAsync();

        var elderCare = rows.EnumerateArray().Single(r => r.GetProperty("provider").GetString() == "elder-care");
        Assert.Equal(("standard@1", 2), (elderCare.GetProperty("policyReference").GetString(), elderCare.GetProperty("distributions").GetInt32()));
    }
}
