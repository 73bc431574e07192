using System.Net;
using CommunityFund.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CommunityFund.Api.Tests;

/// <summary>Books on two PostgreSQL servers (<c>Books:Shards</c>), through the real HTTP stack: each ledger lives whole on
/// the shard the operator's opening placed it on, and stays there. Needs two servers: scripts/test.sh starts a second
/// throw-away cluster (COMMUNITYFUND_PG_ADMIN_2) and leaves these tests out, counted as skipped, where it cannot.</summary>
[Trait("Category", "Postgres")]
[Trait("Category", "TwoServers")]
public sealed class ShardedBooksTests : IAsyncLifetime
{
    private readonly string _database = $"cf_shard_{Guid.NewGuid():N}";
    private readonly List<ApiApplication> _apps = [];
    private string _adminA = string.Empty;
    private string _adminB = string.Empty;

    private string ShardA => new NpgsqlConnectionStringBuilder(_adminA) { Database = _database, Pooling = true }.ConnectionString;

    private string ShardB => new NpgsqlConnectionStringBuilder(_adminB) { Database = _database, Pooling = true }.ConnectionString;

    public async Task InitializeAsync()
    {
        _adminA = Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN")
            ?? throw new InvalidOperationException("No PostgreSQL server: set COMMUNITYFUND_PG_ADMIN (./scripts/test.sh starts a throw-away server).");
        _adminB = Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN_2")
            ?? throw new InvalidOperationException("No second PostgreSQL server: set COMMUNITYFUND_PG_ADMIN_2 (./scripts/test.sh starts a second throw-away server).");
        await PostgresFlowTests.ExecuteAsync(_adminA, $"CREATE DATABASE {_database}");
        await PostgresFlowTests.ExecuteAsync(_adminB, $"CREATE DATABASE {_database}");
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            app.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        await PostgresFlowTests.ExecuteAsync(_adminA, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        await PostgresFlowTests.ExecuteAsync(_adminB, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    /// <summary>An API over the shards, listed in this order.</summary>
    private ApiApplication Api(params (string Name, string ConnectionString)[] shards)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < shards.Length; i++)
        {
            settings[$"Books:Shards:{i}:Name"] = shards[i].Name;
            settings[$"Books:Shards:{i}:ConnectionString"] = shards[i].ConnectionString;
        }

        var app = new ApiApplication(settings);
        _apps.Add(app);
        return app;
    }

    private ApiApplication TwoShards() => Api(("a", ShardA), ("b", ShardB));

    private static string Opening(string id, string? shard) =>
        $$"""{"id":"{{id}}","name":"望江社区","booksStart":"2026-05-01","entities":[{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"},{"id":"fund","name":"社区基金","kind":"communityFund","profile":"npoCn"},{"id":"studio","name":"工作室","kind":"provider","profile":"npoCn"}]{{(shard is null ? "" : $",\"shard\":\"{shard}\"")}}}""";

    /// <summary>Opens a ledger as the operator; answers its administrator's client.</summary>
    private static async Task<HttpClient> OpenAsync(ApiApplication app, string id, string? shard)
    {
        var response = await app.Client(await app.OperatorKeyAsync()).PostJsonAsync("/ledgers", Opening(id, shard));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return app.Client((await response.JsonAsync()).GetProperty("administratorKey").GetProperty("key").GetString());
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<long> LedgersOnAsync(string shard, string ledger) =>
        CountAsync(shard == "a" ? ShardA : ShardB, $"SELECT count(*) FROM ledgers WHERE id = '{ledger}'");

    [Fact]
    public async Task LedgersOpenedOnEachShard_LandOnTheirShardOnly()
    {
        var app = TwoShards();
        await OpenAsync(app, "east", "a");
        await OpenAsync(app, "west", "b");

        Assert.Equal((1, 0), (await LedgersOnAsync("a", "east"), await LedgersOnAsync("b", "east")));
        Assert.Equal((0, 1), (await LedgersOnAsync("a", "west"), await LedgersOnAsync("b", "west")));
    }

    [Fact]
    public async Task WithoutAShard_ALedgerGoesToTheShardWithFewestLedgers()
    {
        var app = TwoShards();
        await OpenAsync(app, "first", "a");

        await OpenAsync(app, "placed-by-rule", null);

        Assert.Equal(1, await LedgersOnAsync("b", "placed-by-rule"));
    }

    [Fact]
    public async Task ALedgerOnShardB_TakesSales_AndAnswersReportsKeysAndTheAudit()
    {
        var app = TwoShards();
        var admin = await OpenAsync(app, "west", "b");
        await admin.PostJsonAsync("/ledgers/west/packages",
            """{"id":"class","provider":"studio","nameZh":"课","nameEn":"Class","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"100.00","currency":"CNY"} } },"effectiveFrom":"2026-05-01"}""");

        var sale = await admin.PostJsonAsync("/ledgers/west/sales", Http.Sale("studio", package: "class", date: "2026-05-06"));
        var trustee = await admin.PostJsonAsync("/ledgers/west/api-keys", """{"name":"auditor","role":"trustee"}""");
        var balance = await admin.GetAsync("/ledgers/west/entities/studio/trial-balance");
        var audit = await app.Client((await trustee.JsonAsync()).GetProperty("key").GetString()).GetAsync("/ledgers/west/audit");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK), (sale.StatusCode, trustee.StatusCode, balance.StatusCode, audit.StatusCode));
        Assert.True(await CountAsync(ShardB, "SELECT count(*) FROM journals WHERE ledger_id = 'west'") > 0);
        Assert.Equal(0, await CountAsync(ShardA, "SELECT count(*) FROM journals WHERE ledger_id = 'west'"));
    }

    [Fact]
    public async Task ASecondInstanceWithTheSameConfiguration_ServesTheLedgerFromTheSameShard()
    {
        var first = TwoShards();
        var admin = await OpenAsync(first, "west", "b");
        var key = admin.DefaultRequestHeaders.GetValues("X-Api-Key").Single();

        var second = TwoShards();
        var ledger = await second.Client(key).GetAsync("/ledgers/west/");

        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        Assert.Equal("b", await second.Services.GetRequiredService<ShardedLedgerStore>().PlacementOfAsync(Ledger.LedgerId.From("west")));
    }

    [Fact]
    public async Task ALedgerNeverMoves_WhenTheConfigurationsOrderChanges()
    {
        var first = TwoShards();
        var admin = await OpenAsync(first, "west", "b");
        var key = admin.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
        first.Dispose();

        var reordered = Api(("b", ShardB), ("a", ShardA));
        var ledger = await reordered.Client(key).GetAsync("/ledgers/west/");
        await OpenAsync(reordered, "later", null);

        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        Assert.Equal(("b", "a"), (await reordered.Services.GetRequiredService<ShardedLedgerStore>().PlacementOfAsync(Ledger.LedgerId.From("west")),
            reordered.Services.GetRequiredService<ShardedLedgerStore>().Home.Name));
        Assert.Equal(1, await LedgersOnAsync("b", "west"));
    }

    [Fact]
    public async Task AShardThatHoldsLedgers_MissingFromTheConfiguration_RefusesToStart()
    {
        var first = TwoShards();
        await OpenAsync(first, "west", "b");
        first.Dispose();

        var withoutB = Api(("a", ShardA));
        var refused = Assert.ThrowsAny<Exception>(() => withoutB.Services);

        Assert.Contains("'west' is placed on shard 'b'", Flatten(refused), StringComparison.Ordinal);
        Assert.Contains(withoutB.LogLines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("Refusing to start", StringComparison.Ordinal));
    }

    [Fact]
    public void ADatabaseConfiguredUnderAnotherShardsName_RefusesToStart()
    {
        TwoShards().Services.GetRequiredService<ShardedLedgerStore>();

        var swapped = Api(("a", ShardB), ("b", ShardA));
        var refused = Assert.ThrowsAny<Exception>(() => swapped.Services);

        Assert.Contains("is shard", Flatten(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALedgerPlacedOnAShardThisInstanceDoesNotKnow_IsAnswered503_NeverFromAnotherServer()
    {
        var onlyA = Api(("a", ShardA));
        onlyA.Services.GetRequiredService<ShardedLedgerStore>();
        var both = Api(("a", ShardA), ("b", ShardB));
        var admin = await OpenAsync(both, "west", "b");
        var key = admin.DefaultRequestHeaders.GetValues("X-Api-Key").Single();

        var response = await onlyA.Client(key).GetAsync("/ledgers/west/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("storage.unavailable", await response.CodeAsync());
    }

    [Fact]
    public async Task TheOperatorsList_ShowsTheLedgersOfBothShards()
    {
        var app = TwoShards();
        await OpenAsync(app, "east", "a");
        await OpenAsync(app, "west", "b");

        var list = await (await app.Client(await app.OperatorKeyAsync()).GetAsync("/ledgers")).JsonAsync();

        Assert.Equal(["demo", "east", "west"], list.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ReadinessAsksEveryShard()
    {
        var app = TwoShards();

        var ready = await app.Client(null).GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private static string Flatten(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }
}
