using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// Concurrent clients whose responses are sometimes lost after the server committed: each retries with the same
/// idempotency key until it gets an answer. Exactly the intended sales end in the books — none missing, none twice —
/// every entity balances, the revenue equals a reference model, the audit is clean and no answer is a 5xx.
/// Size: 16 clients × <c>COMMUNITYFUND_RELIABILITY_SALES</c> sales each (default 250 on SQLite, 100 on PostgreSQL).
/// </summary>
public abstract class ConcurrentRetryContract : IAsyncLifetime
{
    private const int Clients = 16;
    private const double DropRate = 0.05;
    // The homework club's eight sessions are not delivered at sale: it is sold prepaid, and its money sits in 预收账款.
    private static readonly (string Key, string Provider, string Package, decimal Price, string Revenue, bool Prepaid)[] Sellers =
    [
        (ApiApplication.ElderCare, "elder-care", "elder-meals", 100m, "4301.01", false),
        (ApiApplication.YouthClub, "youth-club", "homework-club", 240m, "2203.01", true),
        (ApiApplication.Cafe, "cafe", "coffee-class", 99.99m, "5001.03", false),
    ];

    private ApiApplication _app = null!;

    /// <summary>Sales per client in a default run.</summary>
    protected abstract int DefaultSalesPerClient { get; }

    public async Task InitializeAsync() => _app = await CreateAsync(new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "10000000" });

    public virtual Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ClientsRetryingLostResponses_PostEverySaleExactlyOnce()
    {
        var perClient = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_RELIABILITY_SALES"), out var n) ? n : DefaultSalesPerClient;
        var admin = _app.Client(ApiApplication.Admin);
        var before = await RevenueAsync(admin);
        var statuses = new ConcurrentBag<int>();
        var intended = new ConcurrentBag<(string Provider, string Resident, long Fen)>();
        var dropped = 0;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var seller = Sellers[c % Sellers.Length];
            var random = new Random(c);
            var dropper = new DroppingHandler(DropRate, new Random(1_000 + c));
            using var client = _app.CreateDefaultClient(dropper);
            client.DefaultRequestHeaders.Add("X-Api-Key", seller.Key);
            for (var i = 0; i < perClient; i++)
            {
                var quantity = random.Next(1, 5);
                var resident = string.Create(CultureInfo.InvariantCulture, $"rl-{c:00}-{i:0000}");
                var body = $$"""{"provider":"{{seller.Provider}}","packageId":"{{seller.Package}}","tier":"paid","quantity":{{quantity}},"unitPrice":{"amount":"{{seller.Price.ToString("0.00", CultureInfo.InvariantCulture)}}","currency":"CNY"},"channel":"weChatPay","date":"2026-05-{{random.Next(1, 29):00}}","prepaid":{{(seller.Prepaid ? "true" : "false")}},"residentReference":"{{resident}}"}""";
                var key = $"rl-{c}-{i}";
                intended.Add((seller.Provider, resident, (long)(seller.Price * 100) * quantity));
                while (true)
                {
                    try
                    {
                        var response = await client.SendAsync(Request(body, key));
                        statuses.Add((int)response.StatusCode);
                        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        break;
                    }
                    catch (ResponseLostException)
                    {
                        Interlocked.Increment(ref dropped);
                    }
                }
            }
        })));

        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.True(dropped > 0, "No response was dropped: the test proves nothing.");
        var sales = (await (await admin.GetAsync("/ledgers/demo/sales")).JsonAsync()).EnumerateArray()
            .Select(s => s.GetProperty("residentReference").GetString()!).Where(r => r.StartsWith("rl-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Clients * perClient, sales.Count);
        Assert.Equal(sales.Count, sales.Distinct().Count());

        var after = await RevenueAsync(admin);
        foreach (var seller in Sellers)
        {
            var expected = intended.Where(s => s.Provider == seller.Provider).Sum(s => s.Fen);
            Assert.Equal(expected, after[seller.Provider] - before[seller.Provider]);
        }

        foreach (var entity in new[] { "hub", "fund", "elder-care", "youth-club", "cafe" })
        {
            Assert.True((await (await admin.GetAsync($"/ledgers/demo/entities/{entity}/trial-balance")).JsonAsync()).GetProperty("isBalanced").GetBoolean(), entity);
        }

        var audit = await (await admin.GetAsync("/ledgers/demo/audit")).JsonAsync();
        Assert.True(audit.GetProperty("isSound").GetBoolean(), audit.GetRawText());
        Report.Record($"{GetType().Name}: {Clients} clients × {perClient} sales, {statuses.Count} answers, {dropped} responses dropped and retried, {statuses.Count(s => s >= 500)} 5xx, audit sound.");
    }

    /// <summary>Creates the application with the given extra settings.</summary>
    protected abstract Task<ApiApplication> CreateAsync(Dictionary<string, string?> settings);

    private static HttpRequestMessage Request(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ledgers/demo/sales") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>Each seller's revenue (credit − debit, in fen) on its revenue account (receipts in advance when prepaid).</summary>
    private static async Task<Dictionary<string, long>> RevenueAsync(HttpClient admin)
    {
        var result = new Dictionary<string, long>();
        foreach (var seller in Sellers)
        {
            var balances = await (await admin.GetAsync($"/ledgers/demo/entities/{seller.Provider}/balances")).JsonAsync();
            var row = balances.EnumerateArray().FirstOrDefault(b => b.GetProperty("account").GetString() == seller.Revenue);
            result[seller.Provider] = row.ValueKind == JsonValueKind.Undefined ? 0 : row.GetProperty("creditMinorUnits").GetInt64() - row.GetProperty("debitMinorUnits").GetInt64();
        }

        return result;
    }

    /// <summary>Lets the request reach the server and commit, then loses the response, at the given rate.</summary>
    private sealed class DroppingHandler(double rate, Random random) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            bool drop;
            lock (random)
            {
                drop = random.NextDouble() < rate;
            }

            if (drop)
            {
                response.Dispose();
                throw new ResponseLostException();
            }

            return response;
        }
    }
}

/// <summary>A response lost on the way back to the client, after the server answered.</summary>
public sealed class ResponseLostException() : HttpRequestException("The response was lost on the way back (simulated).");

public sealed class SqliteConcurrentRetryTests : ConcurrentRetryContract
{
    protected override int DefaultSalesPerClient => 250;

    protected override Task<ApiApplication> CreateAsync(Dictionary<string, string?> settings) => Task.FromResult(new ApiApplication(settings));
}

[Trait("Category", "Postgres")]
public sealed class PostgresConcurrentRetryTests : ConcurrentRetryContract
{
    private readonly ThrowAwayDatabase _database = new("cf_rel");

    protected override int DefaultSalesPerClient => 100;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DropAsync();
    }

    protected override async Task<ApiApplication> CreateAsync(Dictionary<string, string?> settings) => new(await _database.CreateForAsync(settings));
}

/// <summary>A database of its own on the test server (<c>COMMUNITYFUND_PG_ADMIN</c>) for one test's API, dropped after.</summary>
internal sealed class ThrowAwayDatabase(string prefix)
{
    private readonly string _name = $"{prefix}_{Guid.NewGuid():N}";
    private string? _admin;

    /// <summary>Creates the database and points the API's settings at it (pooled, at most 40 connections).</summary>
    internal async Task<Dictionary<string, string?>> CreateForAsync(Dictionary<string, string?> settings)
    {
        _admin = Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN")
            ?? throw new InvalidOperationException("No PostgreSQL server: set COMMUNITYFUND_PG_ADMIN (./scripts/test.sh starts a throw-away server).");
        await PostgresAdmin.ExecuteAsync(_admin, $"CREATE DATABASE {_name}");
        settings["Books:Provider"] = "Postgres";
        settings["Books:ConnectionString"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _name, Pooling = true, MaxPoolSize = 40 }.ConnectionString;
        return settings;
    }

    /// <summary>Drops the database, if it was created.</summary>
    internal async Task DropAsync()
    {
        if (_admin is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await PostgresAdmin.ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }
}

/// <summary>Runs SQL on the test server.</summary>
internal static class PostgresAdmin
{
    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Collects the figures of reliability runs into TestResults/reliability.txt, for docs/reliability.md.</summary>
internal static class Report
{
    private static readonly object Gate = new();

    internal static void Record(string line)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(folder);
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(folder, "reliability.txt"), $"{DateTime.UtcNow:O} {line}{Environment.NewLine}");
        }
    }
}
