using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// The API process on storage that fails under it: a disk that fills up (a small tmpfs, filled by the load itself, then
/// given space back by deleting a file on it) and a database locked by another process. While storage fails every
/// write answers 503 <c>storage.unavailable</c> with <c>Retry-After</c>, never another 5xx; once it recovers the API
/// recovers by itself (no restart): every acknowledged sale is in the books, every refused request re-sent with its key
/// posts once, and the audit is sound. Mounting the tmpfs needs root (as <c>.ci/run</c> runs).
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private const int Clients = 8;
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-storage-").FullName;
    private readonly ConcurrentDictionary<string, string> _requests = new();
    private readonly ConcurrentDictionary<string, string> _acknowledged = new();
    private ApiProcess? _api;
    private string? _mount;

    public void Dispose()
    {
        _api?.Dispose();
        if (_mount is not null)
        {
            Run("umount", "-l", _mount);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task AFullDisk_Answers503_KeepsEveryAcknowledgedSale_AndTheApiRecoversWhenSpaceReturns()
    {
        _mount = Path.Combine(_folder, "disk");
        Directory.CreateDirectory(_mount);
        var mounted = Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", _mount);
        Assert.True(mounted.ExitCode == 0, $"This test mounts a 16 MB tmpfs and needs root: {mounted.Output}");
        var filler = Path.Combine(_mount, "filler");
        await File.WriteAllBytesAsync(filler, new byte[4 * 1024 * 1024]);
        _api = new ApiProcess(Path.Combine(_mount, "books.db"), Path.Combine(_folder, "checkpoint-key.pem"));
        await _api.StartAsync();

        // Each client posts until it has seen 20 refusals in a row: the disk is full.
        var refusals = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => PostUntilRefusedAsync($"full-{c}", 20)));
        var unacknowledged = _requests.Keys.Where(k => !_acknowledged.ContainsKey(k)).ToList();
        Assert.NotEmpty(_acknowledged);
        Assert.NotEmpty(unacknowledged);
        Assert.All(refusals.SelectMany(r => r), AssertStorageUnavailable);

        File.Delete(filler);
        await AssertRecoveredAsync(unacknowledged);
        Report.Record($"Full disk (SQLite on a 16 MB tmpfs): {_acknowledged.Count} sales acknowledged; {unacknowledged.Count} refused 503 storage.unavailable " +
            "while full, each posted once when re-sent after space returned; no other 5xx; audit sound.");
    }

    [Fact]
    public async Task ADatabaseLockedByAnotherProcess_Answers503AfterTheBusyTimeout_AndTheApiRecoversWhenItIsReleased()
    {
        var database = Path.Combine(_folder, "books.db");
        _api = new ApiProcess(database + ";Default Timeout=2", Path.Combine(_folder, "checkpoint-key.pem"));
        await _api.StartAsync();
        Assert.Empty((await PostUntilRefusedAsync("before-lock", 0, sales: 5)));

        await using (var other = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await other.OpenAsync();
            await using (var take = other.CreateCommand())
            {
                take.CommandText = "BEGIN IMMEDIATE";
                await take.ExecuteNonQueryAsync();
            }

            var refused = await PostUntilRefusedAsync("locked", 3, sales: 3);
            Assert.Equal(3, refused.Count);
            Assert.All(refused, AssertStorageUnavailable);
        }

        await AssertRecoveredAsync([.. _requests.Keys.Where(k => !_acknowledged.ContainsKey(k))]);
    }

    /// <summary>Posts sales under fresh keys until <paramref name="refusalsInARow"/> refusals in a row (or
    /// <paramref name="sales"/> requests); answers the refusals. Any 5xx other than a 503 fails the test.</summary>
    private async Task<List<(HttpStatusCode Status, string? RetryAfter, string Body)>> PostUntilRefusedAsync(string prefix, int refusalsInARow, int sales = int.MaxValue)
    {
        var (refused, inARow) = (new List<(HttpStatusCode, string?, string)>(), 0);
        var deadline = Stopwatch.StartNew();
        for (var i = 0; i < sales && (refusalsInARow == 0 || inARow < refusalsInARow); i++)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), $"{prefix}: storage never failed after {i} sales.");
            var key = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}");
            var body = Http.Sale(quantity: 1 + (i % 3), date: "2026-06-03").Replace("r-0100", key, StringComparison.Ordinal);
            _requests[key] = body;
            var response = await _api!.Http.SendAsync(ApiProcess.PostSale(body, key));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                _acknowledged[key] = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
                inARow = 0;
                continue;
            }

            Assert.True((int)response.StatusCode == 503, $"{key}: {(int)response.StatusCode} {text}");
            refused.Add((response.StatusCode, response.Headers.RetryAfter?.ToString(), text));
            inARow++;
        }

        return refused;
    }

    private static void AssertStorageUnavailable((HttpStatusCode Status, string? RetryAfter, string Body) refusal)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusal.Status);
        Assert.False(string.IsNullOrEmpty(refusal.RetryAfter), "A 503 carries Retry-After.");
        Assert.Contains("\"code\":\"storage.unavailable\"", refusal.Body, StringComparison.Ordinal);
    }

    /// <summary>The same process, storage back: acknowledged sales replay to the same sale, refused requests re-sent
    /// with their keys post once each, every request is one sale, and the audit is sound.</summary>
    private async Task AssertRecoveredAsync(IReadOnlyList<string> unacknowledged)
    {
        var http = _api!.Http;
        foreach (var key in unacknowledged)
        {
            var resend = await http.SendAsync(ApiProcess.PostSale(_requests[key], key));
            Assert.True(resend.StatusCode == HttpStatusCode.Created, $"{key}: {(int)resend.StatusCode} {await resend.Content.ReadAsStringAsync()}");
        }

        foreach (var (key, saleId) in _acknowledged)
        {
            var replay = await http.SendAsync(ApiProcess.PostSale(_requests[key], key));
            Assert.Equal(saleId, (await replay.JsonAsync()).GetProperty("id").GetString());
        }

        var residents = (await (await http.SendAsync(ApiProcess.AdminGet("/ledgers/demo/sales"))).JsonAsync()).EnumerateArray()
            .Select(s => s.GetProperty("residentReference").GetString()!).Where(_requests.ContainsKey).ToList();
        Assert.Equal(_requests.Keys.Order(StringComparer.Ordinal), residents.Order(StringComparer.Ordinal));
        var audit = await (await http.SendAsync(ApiProcess.AdminGet("/ledgers/demo/audit"))).JsonAsync();
        Assert.True(audit.GetProperty("isSound").GetBoolean(), audit.GetRawText());
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
