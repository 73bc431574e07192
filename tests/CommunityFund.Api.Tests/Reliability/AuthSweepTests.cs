using System.Net;
using System.Text;
using System.Text.Json;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// Authentication swept over every route: unknown, revoked and malformed keys are 401 everywhere; read-only routes refuse
/// other methods; a key's secret is shown once, at creation, and never again — not in listings, not in the logs, not
/// in the database.
/// </summary>
public sealed class AuthSweepTests : IDisposable
{
    private readonly ApiApplication _app = new(new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "10000000", ["Api:FailedAuthenticationsPerMinutePerClient"] = "10000000", ["Api:FailedAuthenticationsPerMinute"] = "10000000", ["Logging:LogLevel:Default"] = "Information" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task BadKeys_AreRefusedOnEveryRoute()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var created = await (await admin.PostJsonAsync("/ledgers/demo/api-keys", """{"name":"to revoke","role":"trustee"}""")).JsonAsync();
        var revoked = created.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/ledgers/demo/api-keys/{created.GetProperty("id").GetString()}/revoke", "{}")).StatusCode);
        string[] keys =
        [
            revoked, "cf_demo_admin_not-the-secret", "cf_demo_admin_", "garbage", new string('k', 5_000), "cf_demo_trustee_demo-trustee\u00e9",
            "cf_other-ledger_admin_x", "Bearer cf_demo_admin_demo-hub-admin",
        ];
        var sent = 0;
        // Routes open without a key (the front page, the health probes) are not behind authentication at all.
        var open = Routes(anonymous: true);
        foreach (var route in Routes().Where(r => !open.Contains(r)))
        {
            foreach (var key in keys)
            {
                using var request = Request(route.Method, route.Path);
                request.Headers.TryAddWithoutValidation("X-Api-Key", key);
                using var response = await _app.Client(null).SendAsync(request);
                sent++;
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route.Method} {route.Path} with '{key[..Math.Min(key.Length, 30)]}': {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Report.Record($"AuthSweep: {sent} requests with unknown, revoked or malformed keys across {Routes().Count - open.Count} routes, all 401.");
    }

    [Fact]
    public async Task ReadOnlyRoutes_RefuseEveryOtherMethod_AndWriteNothing()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var head = await HeadAsync(admin);
        var writable = Routes().Where(r => r.Method != "GET").Select(r => r.Path).ToHashSet();
        foreach (var route in Routes().Where(r => r.Method == "GET" && !writable.Contains(r.Path)))
        {
            foreach (var method in new[] { "POST", "PUT", "DELETE", "PATCH" })
            {
                using var request = Request(method, route.Path);
                using var response = await admin.SendAsync(request);
                Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"{method} {route.Path}: {(int)response.StatusCode}");
            }
        }

        Assert.Equal(head, await HeadAsync(admin));
    }

    [Fact]
    public async Task KeySecret_IsShownOnceAndNeverAgain_NotInListingsLogsOrTheDatabase()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var created = await (await admin.PostJsonAsync("/ledgers/demo/api-keys", """{"name":"cafe till","role":"provider","entity":"cafe"}""")).JsonAsync();
        var secret = created.GetProperty("key").GetString()!;
        var secretPart = secret.Split('_')[^1];
        var client = _app.Client(secret);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale("cafe", package: "coffee-class", price: "99.99"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/ledgers/demo/sales", Http.Sale())).StatusCode);
        await client.GetAsync("/ledgers/demo/verification");

        var listing = await (await admin.GetAsync("/ledgers/demo/api-keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secretPart, listing, StringComparison.Ordinal);
        Assert.NotEmpty(_app.LogLines);
        // The demo keys are printed once at start-up, by design; after that no key appears in any log line.
        Assert.DoesNotContain(_app.LogLines, line => line.Contains(secretPart, StringComparison.Ordinal)
            || (line.Contains("demo-hub-admin", StringComparison.Ordinal) && !line.Contains("Demo API keys", StringComparison.Ordinal)));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var stored = string.Concat(new[] { _app.DatabaseFile, _app.DatabaseFile + "-wal" }.Where(File.Exists).Select(f => Encoding.Latin1.GetString(ReadShared(f))));
        Assert.DoesNotContain(secretPart, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageSizeBeyondTheMaximum_Is400()
    {
        var response = await _app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/journals?limit=100000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static async Task<long> HeadAsync(HttpClient client) => (await (await client.GetAsync("/ledgers/demo/")).JsonAsync()).GetProperty("headSequence").GetInt64();

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), TestPaths.Fill(path));
        if (method != "GET")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        return request;
    }

    private static List<(string Method, string Path)> Routes(bool anonymous)
    {
        using var matrix = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "authorization-matrix.json")));
        return [.. matrix.RootElement.GetProperty("routes").EnumerateArray()
            .Where(r => (r.GetProperty("anonymous").GetString() == "allow") == anonymous)
            .Select(r => (r.GetProperty("method").GetString()!, r.GetProperty("path").GetString()!))];
    }

    private static List<(string Method, string Path)> Routes() => [.. Routes(anonymous: false), .. Routes(anonymous: true)];
}
