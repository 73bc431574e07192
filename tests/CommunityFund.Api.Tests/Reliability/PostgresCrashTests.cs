using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// A PostgreSQL server of its own is shut down immediately (no checkpoint, like a power cut) while clients post sales
/// through the API, then started again: crash recovery replays its WAL. Every acknowledged sale is in the books, the
/// requests that failed meanwhile were answered 503 (never 500) and re-sending them posts each sale once; the audit is
/// clean. Size: <c>COMMUNITYFUND_CRASHES</c> shutdowns (default 2), 8 clients.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class PostgresCrashTests : IAsyncLifetime
{
    private const int Clients = 8;
    private string _data = string.Empty;
    private ApiApplication? _app;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("COMMUNITYFUND_PG_ADMIN") is null)
        {
            throw new InvalidOperationException("No PostgreSQL server: set COMMUNITYFUND_PG_ADMIN (./scripts/test.sh starts a throw-away server).");
        }

        // A server of our own: the shared one must stay up for the other tests.
        var output = await ScriptAsync("start");
        _data = DataPattern().Match(output).Groups[1].Value;
        var admin = AdminPattern().Match(output).Groups[1].Value;
        await PostgresAdmin.ExecuteAsync(admin, "CREATE DATABASE books");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = "books", Pooling = true, Timeout = 5, CommandTimeout = 15 }.ConnectionString;
        _app = new ApiApplication(new Dictionary<string, string?>
        {
            ["Books:Provider"] = "Postgres",
            ["Books:ConnectionString"] = connectionString,
            ["Api:RequestsPerMinutePerKey"] = "10000000",
        });
    }

    public async Task DisposeAsync()
    {
        _app?.Dispose();
        NpgsqlConnection.ClearAllPools();
        if (_data.Length > 0)
        {
            await ScriptAsync("stop", _data);
        }
    }

    [Fact]
    public async Task ServerShutDownImmediatelyUnderLoad_LosesNoAcknowledgedSale_AndNeverPostsOneTwice()
    {
        var crashes = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_CRASHES"), out var n) ? Math.Max(1, n - 1) : 2;
        var http = _app!.Client(ApiApplication.ElderCare);
        var acknowledged = new ConcurrentDictionary<string, string>();
        var requests = new ConcurrentDictionary<string, string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var random = new Random(11);
        Assert.True((await http.GetAsync("/ledgers/demo/")).IsSuccessStatusCode);
        for (var round = 0; round < crashes; round++)
        {
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var key = string.Create(CultureInfo.InvariantCulture, $"pgcrash-{round}-{c}-{i}");
                    var body = Http.Sale(quantity: 1 + (i % 3), date: "2026-06-04").Replace("r-0100", key, StringComparison.Ordinal);
                    requests[key] = body;
                    var response = await http.PostJsonAsync("/ledgers/demo/sales", body, key);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, v) => v + 1);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[key] = (await response.JsonAsync()).GetProperty("id").GetString()!;
                    }
                    else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        await Task.Delay(100);
                    }
                }
            })).ToList();
            await Task.Delay(random.Next(1_000, 2_000));
            await ScriptAsync("crash", _data);
            await Task.Delay(1_000);
            await ScriptAsync("resume", _data);
            await Task.Delay(1_000);
            stop.Cancel();
            await Task.WhenAll(load);
        }

        NpgsqlConnection.ClearAllPools();
        foreach (var (key, saleId) in acknowledged)
        {
            var replay = await http.PostJsonAsync("/ledgers/demo/sales", requests[key], key);
            Assert.True(replay.IsSuccessStatusCode, $"{key}: {(int)replay.StatusCode}");
            Assert.Equal(saleId, (await replay.JsonAsync()).GetProperty("id").GetString());
        }

        foreach (var key in requests.Keys.Where(k => !acknowledged.ContainsKey(k)))
        {
            var resend = await http.PostJsonAsync("/ledgers/demo/sales", requests[key], key);
            Assert.True(resend.IsSuccessStatusCode, $"{key}: {(int)resend.StatusCode} {await resend.Content.ReadAsStringAsync()}");
        }

        var admin = _app.Client(ApiApplication.Admin);
        var sales = (await (await admin.GetAsync("/ledgers/demo/sales")).JsonAsync()).EnumerateArray()
            .Select(s => s.GetProperty("residentReference").GetString()!).Where(r => r.StartsWith("pgcrash-", StringComparison.Ordinal)).ToList();
        Assert.Equal(requests.Count, sales.Count);
        Assert.Equal(sales.Count, sales.Distinct().Count());
        var auditResponse = await admin.GetAsync("/ledgers/demo/audit");
        var audit = await auditResponse.JsonAsync();
        Assert.True(auditResponse.IsSuccessStatusCode, audit.GetRawText());
        Assert.True(audit.GetProperty("isSound").GetBoolean(), audit.GetRawText());
        Assert.DoesNotContain(statuses.Keys, s => s >= 500 && s != 503);
        Report.Record($"Crash (PostgreSQL): {crashes} immediate shutdowns under {Clients} clients, {requests.Count} requests, {acknowledged.Count} acknowledged and all kept, " +
            $"answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}, re-sent without doubles, audit sound.");
    }

    private static async Task<string> ScriptAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestPaths.RepositoryRoot() };
        info.ArgumentList.Add("scripts/postgres.sh");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"scripts/postgres.sh {string.Join(' ', arguments)}: {error}");
        return output;
    }

    [GeneratedRegex("CF_PG_DATA='([^']+)'")]
    private static partial Regex DataPattern();

    [GeneratedRegex("COMMUNITYFUND_PG_ADMIN='([^']+)'")]
    private static partial Regex AdminPattern();
}
