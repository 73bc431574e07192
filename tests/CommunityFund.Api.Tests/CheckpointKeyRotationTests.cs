using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityFund.Api.Cli;
using CommunityFund.Api.Security;
using NodaTime;

namespace CommunityFund.Api.Tests;

/// <summary><c>books rotate-checkpoint-key</c>: a new signing key; checkpoints signed by earlier keys still verify.</summary>
public sealed class CheckpointKeyRotationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-keys-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Dictionary<string, string?> Settings => new()
    {
        ["Books:ConnectionString"] = $"Data Source={Path.Combine(_folder, "books.db")}",
        ["Books:CheckpointKeyFile"] = Path.Combine(_folder, "checkpoint-key.pem"),
    };

    [Fact]
    public async Task Rotation_KeepsOldCheckpointsVerifiable_NewOnesCarryTheNewKey_AndTheKeysEndpointListsBoth()
    {
        string oldCheckpoint;
        using (var before = new ApiApplication(Settings))
        {
            oldCheckpoint = await (await before.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/checkpoint")).Content.ReadAsStringAsync();
        }

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await ServerCommands.RunAsync(["books", "rotate-checkpoint-key"], output, error, Settings));
        Assert.Contains("Restart the API", output.ToString(), StringComparison.Ordinal);

        using var after = new ApiApplication(Settings);
        var trustee = after.Client(ApiApplication.Trustee);
        var oldKey = JsonDocument.Parse(oldCheckpoint).RootElement.GetProperty("keyId").GetString();
        var newCheckpoint = await (await trustee.GetAsync("/ledgers/demo/checkpoint")).JsonAsync();
        var newKey = newCheckpoint.GetProperty("keyId").GetString();
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(newKey, (await (await trustee.GetAsync("/ledgers/demo/checkpoint/key")).JsonAsync()).GetProperty("keyId").GetString());

        var keys = (await (await trustee.GetAsync("/ledgers/demo/checkpoint/keys")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal([oldKey, newKey], keys.Select(k => k.GetProperty("keyId").GetString()));
        Assert.Equal([false, true], keys.Select(k => k.GetProperty("isCurrent").GetBoolean()));
        Assert.Equal(JsonValueKind.String, keys[0].GetProperty("retiredAt").ValueKind);
        Assert.DoesNotContain(keys, k => k.GetRawText().Contains("PRIVATE", StringComparison.Ordinal));

        var report = await AuditAsync(trustee, oldCheckpoint, newCheckpoint.GetRawText());
        Assert.Equal(2, report.GetProperty("checkpointsVerified").GetInt32());
        Assert.DoesNotContain(report.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "checkpoint.signature_invalid");
    }

    [Fact]
    public async Task AfterRotation_AForgedOrUnknownKeySignature_StillFails_AndACheckpointWithoutAKeyIdVerifies()
    {
        string oldCheckpoint;
        using (var before = new ApiApplication(Settings))
        {
            oldCheckpoint = await (await before.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/checkpoint")).Content.ReadAsStringAsync();
        }

        Assert.Equal(0, await ServerCommands.RunAsync(["books", "rotate-checkpoint-key"], TextWriter.Null, TextWriter.Null, Settings));
        using var after = new ApiApplication(Settings);
        var trustee = after.Client(ApiApplication.Trustee);

        var forged = With(oldCheckpoint, "sequence", JsonValue.Create(JsonDocument.Parse(oldCheckpoint).RootElement.GetProperty("sequence").GetInt64() - 1));
        var unknown = With(oldCheckpoint, "keyId", JsonValue.Create("0123456789abcdef"));
        var withoutKeyId = With(oldCheckpoint, "keyId", null);

        var findings = (await AuditAsync(trustee, forged)).GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("code").GetString() == "checkpoint.signature_invalid" && f.GetProperty("severity").GetString() == "error");
        var unknownFinding = Assert.Single((await AuditAsync(trustee, unknown)).GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "checkpoint.signature_invalid");
        Assert.Contains("not one of this hub's checkpoint keys", unknownFinding.GetProperty("message").GetString(), StringComparison.Ordinal);
        var report = await AuditAsync(trustee, withoutKeyId);
        Assert.Equal(1, report.GetProperty("checkpointsVerified").GetInt32());
        Assert.DoesNotContain(report.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "checkpoint.signature_invalid");
    }

    [Fact]
    public void KeyRing_RotatedTwice_KeepsEveryPublicKey_OneCurrent_AndThePrivateKeyOwnerOnly()
    {
        var files = CheckpointKeyFiles.For(Path.Combine(_folder, "hub.pem"));
        var first = CheckpointKeyRing.LoadOrCreate(files);
        var now = Instant.FromUtc(2026, 11, 1, 9, 0);

        CheckpointKeyRing.Rotate(files, now);
        var ring = CheckpointKeyRing.Rotate(files, now + Duration.FromDays(30));

        Assert.Equal(Path.Combine(_folder, "hub.keyring.json"), files.KeyRingFile);
        Assert.Equal(3, ring.Keys.Length);
        Assert.Equal(first.Signer.KeyId, ring.Keys[0].KeyId);
        Assert.Equal([now, now + Duration.FromDays(30), null], ring.Keys.Select(k => k.RetiredAt));
        Assert.Equal(ring.Signer.KeyId, CheckpointKeyRing.LoadOrCreate(files).Current.KeyId);
        Assert.Equal(ring.Keys.Select(k => (k.KeyId, k.PublicKeyPem, k.RetiredAt)), CheckpointKeyRing.LoadOrCreate(files).Keys.Select(k => (k.KeyId, k.PublicKeyPem, k.RetiredAt)));
        Assert.DoesNotContain("PRIVATE", File.ReadAllText(files.KeyRingFile), StringComparison.Ordinal);
        Assert.False(File.Exists(files.KeyFile + ".new"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files.KeyFile));
        }

        var signed = ring.Signer.Sign(Ledger.LedgerId.From("demo"), new Posting.ChainCheckpoint(1, new string('a', 64)), now);
        Assert.Equal(ring.Current, ring.SignerOf(signed));
        Assert.Equal(ring.Current, ring.SignerOf(signed with { KeyId = string.Empty }));
        Assert.Null(ring.SignerOf(signed with { Sequence = 2 }));
    }

    private static string With(string checkpoint, string property, JsonNode? value)
    {
        var node = JsonNode.Parse(checkpoint)!.AsObject();
        if (value is null)
        {
            node.Remove(property);
        }
        else
        {
            node[property] = value;
        }

        return node.ToJsonString();
    }

    private static async Task<JsonElement> AuditAsync(HttpClient client, params string[] signed)
    {
        var response = await client.PostJsonAsync("/ledgers/demo/audit", $$"""{"signed":[{{string.Join(",", signed)}}]}""", idempotencyKey: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }
}
