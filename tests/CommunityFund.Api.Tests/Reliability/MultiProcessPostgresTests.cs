using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Npgsql;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// Two API processes on one PostgreSQL database behind one address: 16 clients send each request to the next process in
/// turn; 5% of the answers are dropped after the server answered, and the request is retried with the same key on the
/// other process; meanwhile one process is killed (SIGKILL) and restarted, three times. Pass: every sale acknowledged
/// once (its key replays to the same sale on either process), no sale twice, the journal sequence without a gap, the
/// audit sound, no 5xx other than a 503 while a process was starting. Size: 16 clients × at least
/// <c>COMMUNITYFUND_RELIABILITY_SALES</c> sales (default 40), and on until the last restart.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class MultiProcessPostgresTests : IAsyncLifetime
{
    private const int Clients = 16;
    private const int Kills = 3;
    private readonly string _database = $"cf_multi_{Guid.NewGuid():N}";
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-multi-").FullName;
    private readonly ConcurrentDictionary<string, string> _requests = new();
    private readonly ConcurrentDictionary<string, string> _acknowledged = new();
    private string _admin = string.Empty;
    private ApiProcess[] _processes = [];
    private int _turn;
    private int _dropped;
    private int _failedOver;
    private int _serverErrors;

    public async Task InitializeAsync()
    {
        _admin = Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN")
            ?? throw new InvalidOperationException("No PostgreSQL server: set COMMUNITYFUND_PG_ADMIN (./scripts/test.sh starts a throw-away server).");
        await PostgresAdmin.ExecuteAsync(_admin, $"CREATE DATABASE {_database}");
        var settings = new Dictionary<string, string>
        {
            ["Books__Provider"] = "Postgres",
            ["Books__ConnectionString"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _database, Pooling = true, MaxPoolSize = 20 }.ConnectionString,
        };
        var key = Path.Combine(_folder, "checkpoint-key.pem");
        _processes = [new ApiProcess(_database, key, settings), new ApiProcess(_database, key, settings)];
        // One after the other: the first migrates and seeds the demo ledger, the second finds them.
        await _processes[0].StartAsync();
        await _processes[1].StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        await PostgresAdmin.ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TwoProcessesOnOneDatabase_KilledAndRestarted_PostEverySaleOnce_WithoutAGap()
    {
        var perClient = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_RELIABILITY_SALES"), out var n) ? n : 40;
        var killer = KillAndRestartAsync();
        // Each client posts its share, and goes on until the last restart is done: every kill lands under load.
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            for (var i = 0; i < perClient || !killer.IsCompleted; i++)
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"multi-{c}-{i}");
                _requests[key] = Http.Sale(quantity: 1 + (i % 3), date: "2026-06-03").Replace("r-0100", key, StringComparison.Ordinal);
                _acknowledged[key] = await PostUntilAnsweredAsync(key, random);
            }
        })));
        var kills = await killer;

        await AssertBooksAsync(_requests.Count);
        Report.Record($"Two API processes on PostgreSQL: {Clients} clients, {_requests.Count} sales, {kills} SIGKILLs and restarts, {_dropped} answers dropped and retried on the other process, " +
            $"{_failedOver} requests failed over; every sale once, replays equal on both processes, sequence without gaps, audit sound, {_serverErrors} 5xx other than 503.");
        Assert.Equal(Kills, kills);
        Assert.Equal(0, _serverErrors);
    }

    /// <summary>Sends a request to the next process in turn until one answers it (an answer dropped or a process gone:
    /// the same key on the other process); answers the sale id.</summary>
    private async Task<string> PostUntilAnsweredAsync(string key, Random random)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var process = _processes[Interlocked.Increment(ref _turn) % _processes.Length];
            try
            {
                var response = await process.Http.SendAsync(ApiProcess.PostSale(_requests[key], key));
                if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    if (random.NextDouble() < 0.05)
                    {
                        Interlocked.Increment(ref _dropped);
                        continue;
                    }

                    return (await response.JsonAsync()).GetProperty("id").GetString()!;
                }

                if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _serverErrors);
                }

                // 409 ledger.busy says "try again": the other process kept the ledger's head moving past this one's retries.
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests ||
                    (response.StatusCode == HttpStatusCode.Conflict && body.Contains("\"code\":\"ledger.busy\"", StringComparison.Ordinal)),
                    $"{key}: {(int)response.StatusCode} {body}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref _failedOver);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{key} was never answered.");
    }

    /// <summary>Kills one process and starts it again, <see cref="Kills"/> times, alternating; answers how many.</summary>
    private async Task<int> KillAndRestartAsync()
    {
        var kills = 0;
        for (; kills < Kills; kills++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(800));
            var victim = _processes[kills % _processes.Length];
            victim.Kill();
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            await victim.StartAsync();
        }

        return kills;
    }

    private async Task AssertBooksAsync(int total)
    {
        foreach (var process in _processes)
        {
            foreach (var (key, sale) in _acknowledged)
            {
                var replay = await process.Http.SendAsync(ApiProcess.PostSale(_requests[key], key));
                Assert.Equal(sale, (await replay.JsonAsync()).GetProperty("id").GetString());
            }
        }

        var http = _processes[0].Http;
        var residents = (await (await http.SendAsync(ApiProcess.AdminGet("/ledgers/demo/sales"))).JsonAsync()).EnumerateArray()
            .Select(s => s.GetProperty("residentReference").GetString()!).Where(r => r.StartsWith("multi-", StringComparison.Ordinal)).ToList();
        Assert.Equal(total, residents.Count);
        Assert.Equal(total, residents.Distinct().Count());
        Assert.Equal(total, _acknowledged.Values.Distinct().Count());
        var audit = await (await http.SendAsync(ApiProcess.AdminGet("/ledgers/demo/audit"))).JsonAsync();
        Assert.True(audit.GetProperty("isSound").GetBoolean(), audit.GetRawText());
        Assert.Equal(audit.GetProperty("head").GetProperty("sequence").GetInt64(), audit.GetProperty("journalsChecked").GetInt64());
    }
}
