using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>The smaller holes of issue 21, item 11: another provider's chart, security headers, Swagger UI and the demo
/// key outside Development, the stricter limit on reads that rescan the ledger, the books' file mode and the checkpoint
/// key at start.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HardeningTests : IDisposable
{
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly ApiApplication _app = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-hardening-").FullName;

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AProviderReadingAnotherEntitysChart_Is403()
    {
        var response = await _app.Client(ApiApplication.YouthClub).GetAsync("/ledgers/demo/entities/elder-care/accounts");

        Assert.Equal((HttpStatusCode.Forbidden, "auth.forbidden_entity"), (response.StatusCode, await response.CodeAsync()));
    }

    [Fact]
    public async Task AProviderReadsItsOwnChart_AndAnUnknownEntityIs404()
    {
        var elder = _app.Client(ApiApplication.ElderCare);

        Assert.Equal(HttpStatusCode.OK, (await elder.GetAsync("/ledgers/demo/entities/elder-care/accounts")).StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "entity.not_found"), await StatusAndCodeAsync(await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/entities/nobody/accounts")));
    }

    [Theory]
    [InlineData("/health", ApiApplication.Trustee)]
    [InlineData("/ledgers/demo/entities", ApiApplication.Trustee)]
    [InlineData("/ledgers/demo/no-such-route", ApiApplication.Trustee)]
    [InlineData("/ledgers/demo/entities", null)]
    [InlineData("/swagger/v1/swagger.json", null)]
    public async Task EveryResponse_IsNosniff(string path, string? key)
    {
        var response = await _app.Client(key).GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/ledgers/demo/entities/elder-care/trial-balance", ApiApplication.Trustee)]
    [InlineData("/ledgers/demo/exports/csv", ApiApplication.Trustee)]
    [InlineData("/ledgers/demo/sales/00000000-0000-0000-0000-000000000000", ApiApplication.Admin)]
    [InlineData("/ledgers/demo/entities", null)]
    public async Task LedgerData_AndItsProblems_AreNoStore(string path, string? key)
    {
        var response = await _app.Client(key).GetAsync(path);

        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task InProduction_SwaggerUiIsNotServed_AndTheDocumentShowsNoDemoKey()
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["environment"] = "Production" });
        var client = app.Client(null);

        // Not served: with no such route, the deny-by-default authorisation answers (401 without a key).
        var ui = await client.GetAsync("/swagger/index.html");
        Assert.NotEqual(HttpStatusCode.OK, ui.StatusCode);
        Assert.DoesNotContain("swagger-ui", await ui.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var document = await client.GetStringAsync("/swagger/v1/swagger.json");
        Assert.DoesNotContain("cf_demo_", document, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ledgers/demo/journals?limit=many", "limit")]
    [InlineData("/ledgers/demo/sales?after=not-an-id", "after")]
    [InlineData("/ledgers/demo/sales?limit=1e3", "limit")]
    public async Task InProduction_AQueryValueThatCannotBeRead_IsAnswered400RequestMalformed_NamingTheValue(string path, string field)
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["environment"] = "Production", ["Books:Demo"] = "true" });

        var response = await app.Client(ApiApplication.Admin).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("request.malformed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task InProduction_ABodyThatIsNotJson_IsAnswered400RequestMalformedJson()
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["environment"] = "Production", ["Books:Demo"] = "true" });

        var response = await app.Client(ApiApplication.ElderCare).PostJsonAsync("/ledgers/demo/sales", """{"provider":"elder-care",""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.malformed_json", await response.CodeAsync());
    }

    [Fact]
    public async Task InProduction_SwaggerUiIsServedWhenConfigured()
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["environment"] = "Production", ["Api:SwaggerUi"] = "true" });

        Assert.Equal(HttpStatusCode.OK, (await app.Client(null).GetAsync("/swagger/index.html")).StatusCode);
    }

    [Fact]
    public async Task InDevelopment_SwaggerUiAndTheDemoKeyExampleAreServed()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.Client(null).GetAsync("/swagger/index.html")).StatusCode);
        Assert.Contains("cf_demo_admin_demo-hub-admin", await _app.Client(null).GetStringAsync("/swagger/v1/swagger.json"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ledgers/demo/verification")]
    [InlineData("/ledgers/demo/audit")]
    [InlineData("/ledgers/demo/checkpoint")]
    public async Task ReadsThatRescanTheLedger_HaveAStricterLimit_429WithRetryAfter_WhileOtherReadsAndKeysAreServed(string path)
    {
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["Api:ExpensiveReadsPerMinutePerKey"] = "2" });
        var trustee = app.Client(ApiApplication.Trustee);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await trustee.GetAsync(path)).StatusCode);
        }

        var refused = await trustee.GetAsync(path);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal((HttpStatusCode.TooManyRequests, "rate_limit.exceeded"), await StatusAndCodeAsync(refused));
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await trustee.GetAsync("/ledgers/demo/entities")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(ApiApplication.Admin).GetAsync(path)).StatusCode);
    }

    [Fact]
    public void TheBooksFile_IsCreatedReadableByTheOwnerOnly()
    {
        _ = _app.Client(null);

        Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(_app.DatabaseFile) & GroupOrOthers);
        Assert.All(new[] { "-wal", "-shm" }.Select(s => _app.DatabaseFile + s).Where(File.Exists), f => Assert.Equal((UnixFileMode)0, File.GetUnixFileMode(f) & GroupOrOthers));
    }

    [Fact]
    public async Task AnExistingBooksFileOpenToOthers_IsTightenedAtStart_WithAWarning()
    {
        var database = Path.Combine(_folder, "books.db");
        File.WriteAllBytes(database, []);
        File.SetUnixFileMode(database, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["Books:ConnectionString"] = $"Data Source={database}" });

        Assert.Equal(HttpStatusCode.OK, (await app.Client(ApiApplication.Trustee).GetAsync("/ledgers/demo/entities")).StatusCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database));
        Assert.Contains(app.LogLines, l => l.Contains("was open to its group or others", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACorruptCheckpointKeyFile_FailsStart_WithAMessageNamingIt()
    {
        var keyFile = Path.Combine(_folder, "corrupt.pem");
        File.WriteAllText(keyFile, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["Books:CheckpointKeyFile"] = keyFile });

        var failure = Assert.ThrowsAny<Exception>(() => app.Client(null));

        Assert.Contains($"The checkpoint key file '{keyFile}' does not hold a PEM private key", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckpointKeyFileReadableByOthers_IsRefusedAtStart()
    {
        var keyFile = Path.Combine(_folder, "open.pem");
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        }

        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var app = new ApiApplication(new Dictionary<string, string?> { ["Books:CheckpointKeyFile"] = keyFile });

        var failure = Assert.ThrowsAny<Exception>(() => app.Client(null));

        Assert.Contains($"The checkpoint key file '{keyFile}' is open to its group or to others (mode 644)", Messages(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statements_PageWithLimitAndAfter_AndTheLinkNamesTheNextPage()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var all = Ids(await (await admin.GetAsync("/ledgers/demo/statements")).JsonAsync(), "id");

        var paged = await FollowAsync(admin, "/ledgers/demo/statements?limit=1", "id");

        Assert.True(all.Count > 1);
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Distributions_PageWithLimitAndAfter_AndAWindowOfDates()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var all = await (await admin.GetAsync("/ledgers/demo/reports/distributions")).JsonAsync();
        var journals = all.EnumerateArray().Select(r => r.GetProperty("distribution").GetProperty("journal").GetString()).ToList();
        var firstDate = all[0].GetProperty("distribution").GetProperty("date").GetString();

        var paged = await FollowAsync(admin, "/ledgers/demo/reports/distributions?limit=2", "distribution", "journal");
        var window = await (await admin.GetAsync($"/ledgers/demo/reports/distributions?from={firstDate}&to={firstDate}")).JsonAsync();

        Assert.True(journals.Count > 2);
        Assert.Equal(journals, paged);
        Assert.InRange(window.GetArrayLength(), 1, journals.Count - 1);
        Assert.All(window.EnumerateArray(), r => Assert.Equal(firstDate, r.GetProperty("distribution").GetProperty("date").GetString()));
    }

    [Theory]
    [InlineData("/ledgers/demo/statements?limit=0")]
    [InlineData("/ledgers/demo/statements?limit=1001")]
    [InlineData("/ledgers/demo/reports/distributions?limit=0")]
    [InlineData("/ledgers/demo/reports/distributions?from=2026-05-01&to=2026-04-01")]
    public async Task APageOrWindowOutOfRange_Is400(string path) =>
        Assert.Equal((HttpStatusCode.BadRequest, "validation.failed"), await StatusAndCodeAsync(await _app.Client(ApiApplication.Admin).GetAsync(path)));

    private static async Task<(HttpStatusCode, string?)> StatusAndCodeAsync(HttpResponseMessage response) => (response.StatusCode, await response.CodeAsync());

    private static string Messages(Exception failure)
    {
        var messages = new List<string>();
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages.Concat(failure is AggregateException aggregate ? aggregate.InnerExceptions.Select(e => e.Message) : []));
    }

    private static List<string?> Ids(System.Text.Json.JsonElement array, params string[] path) =>
        [.. array.EnumerateArray().Select(item => path.Aggregate(item, (e, p) => e.GetProperty(p)).GetString())];

    private static async Task<List<string?>> FollowAsync(HttpClient client, string first, params string[] path)
    {
        var items = new List<string?>();
        for (var next = first; next is not null;)
        {
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            items.AddRange(Ids(await response.JsonAsync(), path));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
        }

        return items;
    }
}
