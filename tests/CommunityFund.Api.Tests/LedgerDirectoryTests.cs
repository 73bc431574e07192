using System.Net;
using CommunityFund.Api.Cli;
using CommunityFund.Api.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityFund.Api.Tests;

/// <summary>The operator opens a community's books (POST /ledgers) and lists them; the first hub administrator's key
/// runs them; nobody else reaches the directory, and the operator reaches no ledger's books.</summary>
public sealed class LedgerDirectoryTests : IClassFixture<ApiApplicationFixture>
{
    private readonly ApiApplication _app;

    public LedgerDirectoryTests(ApiApplicationFixture fixture) => _app = fixture.App;

    private static string Opening(string id, string? policy = null, string entities = DefaultEntities, string extra = "") =>
        $$"""{"id":"{{id}}","name":"望江社区 Wangjiang","booksStart":"2026-07-01","timeZone":"Asia/Shanghai","entities":[{{entities}}]{{(policy is null ? "" : ",\"policy\":" + policy)}}{{extra}}}""";

    private const string DefaultEntities =
        """{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"},{"id":"fund","name":"社区基金","kind":"communityFund","profile":"npoCn"},{"id":"tea-house","name":"茶馆","kind":"provider","profile":"npoCn"}""";

    private async Task<HttpClient> OperatorAsync() => _app.Client(await _app.OperatorKeyAsync());

    [Fact]
    public async Task Operator_OpensALedger_WithTheStandardPolicy_AndAnAdministratorKeyThatRunsIt()
    {
        var response = await (await OperatorAsync()).PostJsonAsync("/ledgers", Opening("wangjiang"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/ledgers/wangjiang", response.Headers.Location?.OriginalString);
        var body = await response.JsonAsync();
        Assert.Equal(3, body.GetProperty("ledger").GetProperty("entities").GetArrayLength());
        Assert.Equal(0, body.GetProperty("ledger").GetProperty("headSequence").GetInt64());
        Assert.Equal([7000, 2500, 500], body.GetProperty("policy").GetProperty("shares").EnumerateArray().Select(s => s.GetProperty("basisPoints").GetInt32()));
        Assert.Equal("2026-07-01", body.GetProperty("policy").GetProperty("effectiveFrom").GetString());
        var key = body.GetProperty("administratorKey").GetProperty("key").GetString()!;
        Assert.StartsWith("cf_wangjiang_", key, StringComparison.Ordinal);
        var ledger = await _app.Client(key).GetAsync("/ledgers/wangjiang/");
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
    }

    [Fact]
    public async Task OpeningAgain_WithTheSameIdempotencyKey_AnswersTheLedger_WithoutTheKeysSecret_AndCreatesNoSecondKey()
    {
        var client = await OperatorAsync();
        var first = await client.PostJsonAsync("/ledgers", Opening("replayed"), "open-replayed");
        var again = await client.PostJsonAsync("/ledgers", Opening("replayed"), "open-replayed");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var firstKey = (await first.JsonAsync()).GetProperty("administratorKey");
        var replayedKey = (await again.JsonAsync()).GetProperty("administratorKey");
        Assert.Equal(firstKey.GetProperty("id").GetString(), replayedKey.GetProperty("id").GetString());
        Assert.Equal("(not shown again)", replayedKey.GetProperty("key").GetString());
        Assert.Single(await _app.Services.GetRequiredService<ApiKeys>().ListAsync(Ledger.LedgerId.From("replayed")));
    }

    [Fact]
    public async Task OpeningALedgerThatExists_UnderAnotherIdempotencyKey_IsAConflict_AndGivesNoKey()
    {
        var client = await OperatorAsync();
        await client.PostJsonAsync("/ledgers", Opening("taken"));

        var same = await client.PostJsonAsync("/ledgers", Opening("taken"));
        var demo = await client.PostJsonAsync("/ledgers", Opening("demo"));

        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Equal("ledger.exists", await same.CodeAsync());
        Assert.Equal(HttpStatusCode.Conflict, demo.StatusCode);
        Assert.Equal("ledger.exists", await demo.CodeAsync());
        Assert.Single(await _app.Services.GetRequiredService<ApiKeys>().ListAsync(Ledger.LedgerId.From("taken")));
    }

    [Fact]
    public async Task NamingAShard_OnBooksOnOneServer_IsRefused()
    {
        var response = await (await OperatorAsync()).PostJsonAsync("/ledgers", Opening("one-server", extra: ",\"shard\":\"b\""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("shard", out _));
    }

    [Fact]
    public async Task TheDirectorysId_IsReserved()
    {
        var response = await (await OperatorAsync()).PostJsonAsync("/ledgers", Opening("directory"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnyValidPolicy_CanBeTheFirst()
    {
        const string policy = """{"id":"city","version":1,"hub":"hub","fund":"fund","shares":[{"party":"provider","basisPoints":6000},{"party":"hub","basisPoints":3000},{"party":"communityFund","basisPoints":1000}],"effectiveFrom":"2026-07-01"}""";

        var response = await (await OperatorAsync()).PostJsonAsync("/ledgers", Opening("sixty-thirty-ten", policy));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("city@1", body.GetProperty("policy").GetProperty("reference").GetString());
        Assert.Equal([6000, 3000, 1000], body.GetProperty("policy").GetProperty("shares").EnumerateArray().Select(s => s.GetProperty("basisPoints").GetInt32()));
    }

    [Fact]
    public async Task ARefusedPolicy_LeavesNoLedgerBehind()
    {
        const string policy = """{"id":"bad","version":1,"hub":"hub","fund":"fund","shares":[{"party":"provider","basisPoints":7000},{"party":"hub","basisPoints":2500},{"party":"communityFund","basisPoints":400}],"effectiveFrom":"2026-07-01"}""";
        var client = await OperatorAsync();

        var response = await client.PostJsonAsync("/ledgers", Opening("half-written", policy));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("distribution.policy_shares_not_10000", await response.CodeAsync());
        var ledgers = await (await client.GetAsync("/ledgers")).JsonAsync();
        Assert.DoesNotContain(ledgers.EnumerateArray(), l => l.GetProperty("id").GetString() == "half-written");
    }

    [Theory]
    [InlineData("operator", DefaultEntities, "", "id")]
    [InlineData("no-fund", """{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"}""", "", "entities")]
    [InlineData("twice", """{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"},{"id":"hub","name":"又一个","kind":"communityFund","profile":"npoCn"}""", "", "entities")]
    [InlineData("bad-zone", DefaultEntities, ",\"timeZone\":\"Mars/Olympus\"", "timeZone")]
    public async Task AnInvalidOpening_IsRefusedByField_AndOpensNothing(string id, string entities, string extra, string field)
    {
        var body = extra.Length == 0 ? Opening(id, entities: entities) : Opening(id, entities: entities).Replace(",\"timeZone\":\"Asia/Shanghai\"", extra, StringComparison.Ordinal);
        var client = await OperatorAsync();

        var response = await client.PostJsonAsync("/ledgers", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation.failed", await response.CodeAsync());
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        var ledgers = await (await client.GetAsync("/ledgers")).JsonAsync();
        Assert.DoesNotContain(ledgers.EnumerateArray(), l => l.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task TheOperator_ListsEveryLedger_WithItsHead()
    {
        var client = await OperatorAsync();
        await client.PostJsonAsync("/ledgers", Opening("listed"));

        var ledgers = (await (await client.GetAsync("/ledgers")).JsonAsync()).EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);

        Assert.True(ledgers["demo"].GetProperty("headSequence").GetInt64() > 0);
        Assert.Equal(0, ledgers["listed"].GetProperty("headSequence").GetInt64());
        Assert.Equal(3, ledgers["listed"].GetProperty("entities").GetInt32());
        Assert.DoesNotContain(ledgers.Keys, id => id == ApiKeys.OperatorLedger.Value);
    }

    [Fact]
    public async Task AHubAdministrator_SeesNeitherTheDirectoryNorAnotherLedger()
    {
        var opened = await (await (await OperatorAsync()).PostJsonAsync("/ledgers", Opening("own-only"))).JsonAsync();
        var administrator = _app.Client(opened.GetProperty("administratorKey").GetProperty("key").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await administrator.GetAsync("/ledgers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await administrator.GetAsync("/ledgers/demo/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _app.Client(ApiApplication.Admin).PostJsonAsync("/ledgers", Opening("by-admin"))).StatusCode);
    }

    [Fact]
    public async Task TheOperator_ReadsNoLedgersBooks()
    {
        var response = await (await OperatorAsync()).GetAsync("/ledgers/demo/entities/hub/trial-balance");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AHubAdministrator_CannotCreateAnOperatorKey()
    {
        var response = await _app.Client(ApiApplication.Admin).PostJsonAsync("/ledgers/demo/api-keys", """{"name":"sneaky","role":"operator"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation.failed", await response.CodeAsync());
    }

    [Fact]
    public async Task AnOperatorKeyFromTheCommandLine_OpensLedgers_UntilItIsRevoked()
    {
        var settings = new Dictionary<string, string?> { ["Books:ConnectionString"] = $"Data Source={_app.DatabaseFile}" };
        var output = new StringWriter();
        Assert.Equal(0, await ServerCommands.RunAsync(["keys", "create-operator", "--name", "city"], output, TextWriter.Null, settings));
        var key = output.ToString().Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("cf_operator_", StringComparison.Ordinal));
        var id = key.Split('_')[2];

        var opened = await _app.Client(key).PostJsonAsync("/ledgers", Opening("from-cli"));
        var revoked = await ServerCommands.RunAsync(["keys", "revoke-operator", id], TextWriter.Null, TextWriter.Null, settings);
        var after = await _app.Client(key).GetAsync("/ledgers");

        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        Assert.Equal(0, revoked);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task TheOperator_IssuesAReplacementAdministratorKey_OnTheCommandLine_ForAnExistingLedgerOnly()
    {
        var settings = new Dictionary<string, string?> { ["Books:ConnectionString"] = $"Data Source={_app.DatabaseFile}" };
        await (await OperatorAsync()).PostJsonAsync("/ledgers", Opening("lost-key"));
        var output = new StringWriter();
        var error = new StringWriter();

        var created = await ServerCommands.RunAsync(["keys", "create-admin", "lost-key", "--name", "new hub admin"], output, TextWriter.Null, settings);
        var missing = await ServerCommands.RunAsync(["keys", "create-admin", "no-such-ledger"], TextWriter.Null, error, settings);
        var key = output.ToString().Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("cf_lost-key_", StringComparison.Ordinal));

        Assert.Equal((0, 1), (created, missing));
        Assert.Equal(HttpStatusCode.OK, (await _app.Client(key).GetAsync("/ledgers/lost-key/")).StatusCode);
        Assert.Contains("No key created", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingAnUnknownOperatorKey_FailsWithAMessage()
    {
        var settings = new Dictionary<string, string?> { ["Books:ConnectionString"] = $"Data Source={_app.DatabaseFile}" };
        var error = new StringWriter();

        var code = await ServerCommands.RunAsync(["keys", "revoke-operator", "nope"], TextWriter.Null, error, settings);

        Assert.Equal(1, code);
        Assert.Contains("No operator key 'nope'", error.ToString(), StringComparison.Ordinal);
    }
}
