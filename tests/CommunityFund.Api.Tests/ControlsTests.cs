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
}
