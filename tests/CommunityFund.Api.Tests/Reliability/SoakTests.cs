using System.Globalization;
using System.Text.Json;
using CommunityFund.LoadTool;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// Issue 21, part 6, at the test suite's size: the load tool's soak — the same mixed load (<see cref="SoakLoad"/>: paid
/// and prepaid sales, deliveries, refunds, statements, reports, exports, and a trustee's audit once a simulated day) —
/// on the API as its own process, with the day shortened to 10 seconds. The suite's run is too short to judge trends
/// (the 30-minute run does, in docs/reliability.md); it holds that every request of every kind is answered with a
/// success, that the books audit without an error afterwards, and that descriptors and threads stay bounded. Size:
/// <c>COMMUNITYFUND_SOAK_SECONDS</c> (default 60).
/// </summary>
public sealed class SoakTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromSeconds(10);
    private readonly ApiProcessFolder _process = new("cf-soak-", "books.db");

    private string Folder => _process.Folder;

    private ApiProcess Api => _process.Api;

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task TheSoaksMixedLoad_IsAnsweredInFull_AndLeavesTheBooksSound()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_SOAK_SECONDS"), out var n) ? n : 60;
        await Api.StartAsync();
        var load = new SoakLoad(Api.Http);

        var samples = await load.RunAsync(TimeSpan.FromSeconds(seconds), Day, () => Task.FromResult(Sample()));

        var trace = string.Join("; ", samples.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s.Sales} sales: {s.ResidentMb:N0} MB, {s.Descriptors} fds, {s.Threads} threads, write p99 {s.WriteP99:N0} ms, {s.Errors} errors")));
        Report.Record($"Soak ({seconds} s, a day of {Day.TotalSeconds:N0} s): {load.Describe()}; {trace}");
        Assert.True(samples.All(s => s.Errors == 0), $"Requests failed: {trace}");
        foreach (var kind in new[] { "paid sale", "prepaid sale", "delivery", "refund", "statement", "read", "audit" })
        {
            Assert.Contains(kind, load.Describe(), StringComparison.Ordinal);
        }

        Assert.True(samples[^1].Descriptors <= samples[0].Descriptors + 32, $"Descriptors grew: {trace}");
        Assert.True(samples[^1].Threads <= samples[0].Threads + 32, $"Threads grew: {trace}");
        Assert.Empty(await AuditErrorsAsync());
    }

    private (double ResidentMb, int Descriptors, int Threads, long DatabaseBytes) Sample()
    {
        var threads = File.ReadLines($"/proc/{Api.Id}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal));
        var bytes = new[] { "books.db", "books.db-wal" }.Select(f => Path.Combine(Folder, f)).Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return (Api.ResidentBytes() / 1048576.0, Directory.GetFiles($"/proc/{Api.Id}/fd").Length,
            int.Parse(threads["Threads:".Length..].Trim(), CultureInfo.InvariantCulture), bytes);
    }

    private async Task<List<string>> AuditErrorsAsync()
    {
        using var response = await Api.Http.SendAsync(ApiProcess.AdminGet("/ledgers/demo/audit"));
        using var audit = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, audit.RootElement.ToString());
        return [.. audit.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "error")
            .Select(f => $"{f.GetProperty("code").GetString()}: {f.GetProperty("message").GetString()}")];
    }
}
