using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>
/// The API process's memory does not grow with the number of distinct idempotency keys: 16 clients post sales, each
/// under a key never used before, while the process's resident set (VmRSS) and its live managed heap (the GC's heap size
/// after its last collection, from <c>/metrics</c>, read right after a full collection the test induces through the
/// diagnostics port, so it is the live heap) are sampled. After warm-up (the first half), the lowest sample of the last
/// quarter may be no more than 10 MB above the lowest of the third — at the default size that catches anything kept per key of about
/// 850 bytes or more (a lock, a cached reply, a rate-limit partition); at the full size, 20 bytes — and the resident set
/// must stay under 400 MB throughout. Size: <c>COMMUNITYFUND_MEMORY_SALES</c> (default 24,000; full run 1,000,000).
/// </summary>
public sealed partial class MemoryTests : IDisposable
{
    private const int Clients = 16;
    private const long FloorGrowthLimit = 10L * 1024 * 1024;
    private const long ResidentLimit = 400L * 1024 * 1024;
    private readonly ApiProcessFolder _process = new("cf-memory-", "books.db");

    private ApiProcess Api => _process.Api;

    public void Dispose() => _process.Dispose();

    [Fact]
    public async Task LiveMemory_StaysFlat_AsSalesWithDistinctKeysAccumulate()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_MEMORY_SALES"), out var n) ? n : 24_000;
        var operatorKey = OperatorKey().Match(await Api.RunCommandAsync("keys", "create-operator", "--name", "memory test")).Value;
        await Api.StartAsync();
        var samples = new List<Sample>();
        var posted = 0;
        var every = Math.Max(500, total / 48);
        var next = -1;
        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < total; i = Interlocked.Increment(ref next))
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"memory-{i:0000000}");
                var body = Http.Sale(quantity: 1 + (i % 3), date: "2026-06-03").Replace("r-0100", $"r-{i % 5000}", StringComparison.Ordinal);
                var response = await Api.Http.SendAsync(ApiProcess.PostSale(body, key));
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Interlocked.Increment(ref posted);
            }
        })).ToList();
        while (!load.All(t => t.IsCompleted))
        {
            if (samples.Count == 0 || Volatile.Read(ref posted) - samples[^1].Sales >= every)
            {
                samples.Add(await SampleAsync(Volatile.Read(ref posted), operatorKey));
            }

            await Task.WhenAny(Task.WhenAll(load), Task.Delay(100));
        }

        await Task.WhenAll(load);
        samples.Add(await SampleAsync(total, operatorKey));
        var afterWarmUp = samples.Where(s => s.Sales >= total / 2).ToList();
        var floorGrowth = afterWarmUp.Where(s => s.Sales >= total * 3 / 4).Min(s => s.LiveHeap) - afterWarmUp.Where(s => s.Sales < total * 3 / 4).Min(s => s.LiveHeap);
        var trace = string.Join(", ", afterWarmUp.Select(s => $"{s.Sales}: {s.Resident / 1048576.0:N0}/{s.LiveHeap / 1048576.0:N1} MB"));
        Report.Record($"Memory: {total:N0} sales with distinct keys, {Clients} clients; after warm-up RSS {afterWarmUp[0].Resident / 1048576.0:N0} → {afterWarmUp[^1].Resident / 1048576.0:N0} MB " +
            $"(slope {Slope(afterWarmUp, s => s.Resident):N0} bytes/sale), live heap {afterWarmUp[0].LiveHeap / 1048576.0:N1} → {afterWarmUp[^1].LiveHeap / 1048576.0:N1} MB " +
            $"(floor {floorGrowth / 1048576.0:+0.0;-0.0} MB over the last quarter, limit {FloorGrowthLimit / 1048576} MB); samples (sales: RSS/live heap) {trace}");
        Assert.True(afterWarmUp.Count >= 6, $"Too few samples: {trace}");
        Assert.True(floorGrowth < FloorGrowthLimit, $"The live heap's floor rose {floorGrowth / 1048576.0:N1} MB over the last quarter: {trace}");
        Assert.True(samples.Max(s => s.Resident) < ResidentLimit, $"RSS went above {ResidentLimit / 1048576} MB: {trace}");
    }

    private async Task<Sample> SampleAsync(int sales, string operatorKey)
    {
        Api.CollectGarbage();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Api-Key", operatorKey);
        var metrics = await (await Api.Http.SendAsync(request)).Content.ReadAsStringAsync();
        var live = HeapSize().Matches(metrics).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.True(live > 0, $"No dotnet_gc_last_collection_heap_size_bytes in /metrics: {metrics[..Math.Min(500, metrics.Length)]}");
        return new Sample(sales, Api.ResidentBytes(), (long)live);
    }

    /// <summary>The least-squares slope of a measure over sales.</summary>
    private static double Slope(IReadOnlyList<Sample> samples, Func<Sample, long> measure)
    {
        var (meanX, meanY) = (samples.Average(s => (double)s.Sales), samples.Average(s => (double)measure(s)));
        var covariance = samples.Sum(s => (s.Sales - meanX) * (measure(s) - meanY));
        var variance = samples.Sum(s => (s.Sales - meanX) * (s.Sales - meanX));
        return covariance / variance;
    }

    [GeneratedRegex(@"^cf_operator_\S+", RegexOptions.Multiline)]
    private static partial Regex OperatorKey();

    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_size_bytes\{[^}]*\} ([0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex HeapSize();

    private sealed record Sample(int Sales, long Resident, long LiveHeap);
}
