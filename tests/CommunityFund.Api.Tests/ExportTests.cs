using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>The plain-text exports over HTTP, for trustees.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly ApiApplication _app = new();

    [Theory]
    [InlineData("hledger", "elder-care:4301.01 提供服务收入-非限定性 Service revenue (unrestricted)")]
    [InlineData("beancount", "open Income:Elder-care:C4301-01")]
    public async Task Export_StreamsTheLedgerAsText(string format, string expected)
    {
        var response = await _app.Client(ApiApplication.Trustee).GetAsync($"/ledgers/demo/exports/{format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FinancialStatements_AndRegister_AreServed()
    {
        var trustee = _app.Client(ApiApplication.Trustee);

        var position = await (await trustee.GetAsync("/ledgers/demo/entities/fund/statements/financial-position?asOf=2026-12-31")).JsonAsync();
        var activities = await trustee.GetAsync("/ledgers/demo/entities/fund/statements/activities?from=2026-01-01&to=2026-12-31");
        var register = await (await trustee.GetAsync("/ledgers/demo/entities/fund/register?account=1002.02")).JsonAsync();

        Assert.True(position.GetProperty("balances").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, activities.StatusCode);
        Assert.Equal(register.GetProperty("closing").GetProperty("amount").GetString(), position.GetProperty("totalAssets").GetProperty("amount").GetString());
        Assert.Equal("report.profile_unsupported", await (await trustee.GetAsync("/ledgers/demo/entities/hub/statements/financial-position?asOf=2026-12-31")).CodeAsync());
    }

    public void Dispose() => _app.Dispose();
}
