using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>The demo ledger and its public keys exist by default only in Development (the README's command); a
/// production host has them only when asked, with a warning at start.</summary>
public sealed class DemoSeedingTests
{
    [Fact]
    public async Task Production_ByDefault_HasNoDemoLedgerAndNoDemoKeys()
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["environment"] = "Production" });

        var response = await app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Production_WhenAsked_SeedsTheDemo_AndWarnsThatItsKeysArePublic()
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["environment"] = "Production", ["Books:Demo"] = "true" });

        var response = await app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(app.LogLines, line => line.Contains("API keys are public", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Development_ByDefault_SeedsTheDemo_WithoutTheWarning()
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["environment"] = "Development" });

        var response = await app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(app.LogLines, line => line.Contains("API keys are public", StringComparison.Ordinal));
    }
}
