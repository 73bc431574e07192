using System.Net;
using System.Text.Json;

namespace CommunityFund.Api.Tests;

/// <summary>The trustees' audit and signed checkpoints through the real HTTP stack.</summary>
public sealed class AuditTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Trustee => _app.Client(ApiApplication.Trustee);

    [Fact]
    public async Task Audit_OfTheDemoBooks_AsOfAprilEnd_HasNoFindings()
    {
        var report = await (await Trustee.GetAsync("/ledgers/demo/audit?asOf=2026-04-30")).JsonAsync();

        Assert.True(report.GetProperty("isSound").GetBoolean());
        Assert.Empty(BooksFindings(report));
    }

    [Fact]
    public async Task Audit_OfTheDemoBooks_Today_WarnsOfTheFundSharesUnpaidSinceMarch()
    {
        // The café's and the youth club's March shares were never settled; today is long past 90 days after March.
        var report = await (await Trustee.GetAsync("/ledgers/demo/audit")).JsonAsync();

        var findings = BooksFindings(report);
        Assert.True(report.GetProperty("isSound").GetBoolean());
        Assert.Equal(["cafe", "youth-club"], findings.Select(f => f.GetProperty("entity").GetString()).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(("fund.share_overdue", "warning"), (f.GetProperty("code").GetString(), f.GetProperty("severity").GetString())));
    }

    [Fact]
    public async Task Audit_WithAnAsOfThatIsNotADate_Is400()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/audit?asOf=30.04.2026");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignedCheckpoint_KeptAndAuditedLater_IsVerified()
    {
        var checkpoint = await (await Trustee.GetAsync("/ledgers/demo/checkpoint")).Content.ReadAsStringAsync();
        var sale = await _app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", Http.Sale(date: "2026-05-02"));

        var report = await (await Trustee.PostJsonAsync("/ledgers/demo/audit?asOf=2026-05-31", $$"""{"signed":[{{checkpoint}}]}""", idempotencyKey: null)).JsonAsync();

        Assert.Equal(HttpStatusCode.Created, sale.StatusCode);
        var kept = JsonDocument.Parse(checkpoint).RootElement.GetProperty("sequence").GetInt64();
        Assert.True(report.GetProperty("head").GetProperty("sequence").GetInt64() > kept, "the audited books do not extend past the checkpoint");
        Assert.Equal(1, report.GetProperty("checkpointsVerified").GetInt32());
        Assert.Empty(BooksFindings(report));
    }

    [Fact]
    public async Task Checkpoint_WithAForgedSignature_IsAnErrorFinding()
    {
        var checkpoint = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await (await Trustee.GetAsync("/ledgers/demo/checkpoint")).Content.ReadAsStringAsync())!;
        var forged = checkpoint.ToDictionary(p => p.Key, p => p.Key == "sequence" ? JsonSerializer.SerializeToElement(p.Value.GetInt64() - 1) : p.Value);

        var report = await (await Trustee.PostJsonAsync("/ledgers/demo/audit", JsonSerializer.Serialize(new { signed = new[] { forged } }), idempotencyKey: null)).JsonAsync();

        Assert.False(report.GetProperty("isSound").GetBoolean());
        Assert.Contains(report.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "checkpoint.signature_invalid");
    }

    [Fact]
    public async Task Checkpoint_ThatTheBooksNoLongerHold_IsAnErrorFinding()
    {
        var report = await (await Trustee.PostJsonAsync("/ledgers/demo/audit?asOf=2026-04-30",
            $$"""{"checkpoints":[{"sequence":3,"hash":"{{new string('0', 64)}}"}]}""", idempotencyKey: null)).JsonAsync();

        var finding = Assert.Single(BooksFindings(report));
        Assert.Equal(("checkpoint.diverged", "error"), (finding.GetProperty("code").GetString(), finding.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task CheckpointKey_IsThePublicKeyOnly()
    {
        var key = await (await Trustee.GetAsync("/ledgers/demo/checkpoint/key")).JsonAsync();

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.GetProperty("publicKeyPem").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", key.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>The audit's findings (the demo clears its WeChat Pay and Alipay money, so none is stale in transit).</summary>
    private static List<System.Text.Json.JsonElement> BooksFindings(System.Text.Json.JsonElement report) =>
        [.. report.GetProperty("findings").EnumerateArray()];
}
