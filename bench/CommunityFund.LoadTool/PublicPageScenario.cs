using System.Collections.Immutable;
using System.Diagnostics;
using System.Net;
using System.Text;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.LoadTool;

/// <summary>
/// The public page (公示, <c>--public-page N</c>): the demo ledger with March 2026 published, then N journals appended
/// after it (April–December, bulk-posted), then the real API (its own process, Production, SQLite) answers
/// <c>GET /public/demo</c>: the first request (it reads the publications and the reversals since March's head for
/// correction notes, then renders), then warm requests (the page served from memory: two indexed reads and the
/// bytes), then the request after one more journal is recorded (it reads that journal only). Also the first load's
/// weight over the wire, gzip'ed: the page and every asset it names.
/// </summary>
internal static class PublicPageScenario
{
    private const string AdminKey = "cf_demo_admin_demo-hub-admin";

    internal static async Task<int> RunAsync(string folder, int journals, int requests)
    {
        Console.WriteLine($"# CommunityFund public page run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {journals:N0} journals");
        await PublishMarchAsync(folder);
        var generate = Stopwatch.StartNew();
        await AppendJournalsAsync(Path.Combine(folder, "public.db"), journals);
        Console.WriteLine($"# appended {journals:N0} journals in {generate.Elapsed.TotalSeconds:N0} s");
        var port = HttpScenario.FreePort();
        using var process = HttpScenario.StartApi(folder, port, "public.db", new Dictionary<string, string> { ["Pages__RequestsPerMinutePerAddress"] = "100000000" });
        try
        {
            using var http = HttpScenario.Client(port);
            await WaitAsync(http);
            var cold = await TimeAsync(http, "/public/demo");
            var warm = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                warm.Add(await TimeAsync(http, "/public/demo"));
            }

            await PostOneSaleAsync(http);
            var afterOne = await TimeAsync(http, "/public/demo");
            warm.Sort();
            double Percentile(double p) => warm[Math.Min(warm.Count - 1, (int)(p * warm.Count))];
            Console.WriteLine();
            Console.WriteLine("| public page, GET /public/demo | figure |");
            Console.WriteLine("|---|--:|");
            Console.WriteLine($"| first request after start ({journals:N0} journals since the publication) | {cold:N1} ms |");
            Console.WriteLine($"| warm, {requests} sequential requests | p50 {Percentile(0.5):N2} ms, p99 {Percentile(0.99):N2} ms, max {warm[^1]:N2} ms |");
            Console.WriteLine($"| after one more journal | {afterOne:N1} ms |");
            Console.WriteLine($"| first load over the wire, gzip | {await WeightAsync(http):N0} bytes |");
            return 0;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Seeds the demo (a first start of the API), closes January to March and publishes March.</summary>
    private static async Task PublishMarchAsync(string folder)
    {
        var port = HttpScenario.FreePort();
        using var process = HttpScenario.StartApi(folder, port, "public.db");
        try
        {
            using var http = HttpScenario.Client(port);
            await WaitAsync(http);
            foreach (var month in new[] { "2026-01", "2026-02", "2026-03" })
            {
                await PostAsync(http, $"/ledgers/demo/periods/{month}/close", HttpStatusCode.OK);
            }

            await PostAsync(http, "/ledgers/demo/publications/2026-03", HttpStatusCode.Created);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Bulk-posts sales and their distributions of the demo's two 民非 providers, dated April to December.</summary>
    private static async Task AppendJournalsAsync(string file, int journals)
    {
        var store = BooksStore.Sqlite($"Data Source={file};Pooling=True");
        var engine = new PostingEngine(store, new FakeClock(Instant.FromUtc(2026, 12, 31, 0, 0)));
        var providers = new[] { EntityId.From("elder-care"), EntityId.From("youth-club") };
        var (hub, random) = (EntityId.From("hub"), new Random(7));
        for (var start = 0; start < journals / 2; start += 2_500)
        {
            var drafts = Enumerable.Range(start, Math.Min(2_500, (journals / 2) - start)).SelectMany(i =>
            {
                var provider = providers[random.Next(providers.Length)];
                var amount = Money.FromMinorUnits(random.Next(1_000, 100_000), Currency.CNY);
                var parts = amount.Allocate([7000, 2500, 500]);
                var date = new LocalDate(2026, 4 + (i % 9), 1 + (i % 28));
                return new[]
                {
                    new JournalDraft(date, JournalKind.Sale, $"sale {i}", [LineDraft.Debit(provider, "1002.01", amount), LineDraft.Credit(provider, "4301.01", amount)]),
                    new JournalDraft(date, JournalKind.Distribution, $"distribution {i}",
                    [
                        LineDraft.Debit(provider, "5101.03", parts[1]).With(DimensionNames.Counterparty, "hub"),
                        LineDraft.Credit(provider, "2209.01", parts[1]).With(DimensionNames.Counterparty, "hub"),
                        LineDraft.Debit(hub, "1122.01", parts[1]).With(DimensionNames.Counterparty, provider.Value),
                        LineDraft.Credit(hub, "5001.01", parts[1]).With(DimensionNames.Counterparty, provider.Value),
                    ]),
                };
            }).ToImmutableArray();
            var result = await engine.PostBatchAsync(new PostingBatch(LedgerId.From("demo"), drafts, $"public-gen-{start}"));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors));
            }
        }

        SqliteConnection.ClearAllPools();
    }

    private static async Task WaitAsync(HttpClient http)
    {
        for (var wait = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (wait.Elapsed < TimeSpan.FromSeconds(120))
            {
            }
        }
    }

    private static async Task<double> TimeAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return response.StatusCode == HttpStatusCode.OK ? elapsed : throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
    }

    private static async Task PostOneSaleAsync(HttpClient http) => await PostAsync(http, "/ledgers/demo/sales", HttpStatusCode.Created,
        """{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":1,"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"weChatPay","date":"2026-12-30","residentReference":"r-0001"}""");

    private static async Task PostAsync(HttpClient http, string path, HttpStatusCode expected, string body = "{}")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", AdminKey);
        request.Headers.Add("Idempotency-Key", "public-page-" + Guid.NewGuid());
        using var response = await http.SendAsync(request);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The page and every script and style sheet it names, as a browser's first visit fetches them, gzip'ed.</summary>
    private static async Task<long> WeightAsync(HttpClient http)
    {
        using var page = await GetGzipAsync(http, "/public/demo");
        var body = await page.Content.ReadAsByteArrayAsync();
        await using var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        var html = await new StreamReader(gunzip).ReadToEndAsync();
        long total = body.Length;
        foreach (System.Text.RegularExpressions.Match asset in System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"(/pages/[^\"]+)\""))
        {
            using var response = await GetGzipAsync(http, WebUtility.HtmlDecode(asset.Groups[1].Value));
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        return total;
    }

    private static async Task<HttpResponseMessage> GetGzipAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        return await http.SendAsync(request);
    }
}
