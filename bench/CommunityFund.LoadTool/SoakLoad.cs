using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CommunityFund.LoadTool;

/// <summary>One minute's sample of a soak.</summary>
internal sealed record SoakSample(int Minute, long Sales, double ResidentMb, int Descriptors, int Threads, double WriteP99, double ReadP99, double AuditP99, double BytesPerSale, long Errors);

/// <summary>The soak's mixed load on the demo ledger: what each client does per request, drawn at random — 50% paid
/// sales, 10% prepaid sales, 10% deliveries of a session of a prepaid sale, 5% partial refunds, 5% settlement
/// statements (prepared once, then replayed under their keys), 20% reads (trial balance, distribution and fairness
/// reports of the month, the sales list's first page, an earlier month's CSV export); and beside the clients one trustee
/// auditing the whole ledger once a simulated day — a month in 30 minutes makes a minute a day — each audit after the
/// last one answered (a share of the requests made the audits grow with the throughput and queue behind one another).
/// Every answer must be a success, and every audit must find the books sound: anything else counts as an error.</summary>
internal sealed class SoakLoad(HttpClient http)
{
    private const string ElderCare = "cf_demo_elder-care_demo-elder-care";
    private const string Cafe = "cf_demo_cafe_demo-cafe";
    private const string Admin = "cf_demo_admin_demo-hub-admin";
    private readonly ConcurrentQueue<string> _prepaid = new();
    private readonly ConcurrentQueue<string> _paid = new();
    private readonly ConcurrentQueue<string> _cafePaid = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();
    private readonly ConcurrentBag<(string Class, double Milliseconds)> _latencies = [];
    private long _sales;
    private long _errors;
    private long _requests;
    private long _keys;

    internal long Requests => Interlocked.Read(ref _requests);

    internal string Describe() => string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value:N0}"));

    /// <summary>Runs the load for the duration, sampling once a minute.</summary>
    internal Task<IReadOnlyList<SoakSample>> RunAsync(TimeSpan duration, Func<Task<(double ResidentMb, int Descriptors, int Threads, long DatabaseBytes)>> sample) =>
        RunAsync(duration, TimeSpan.FromMinutes(1), sample);

    /// <summary>Runs the load for the duration, sampling once a simulated day (the trustee's audits too); the test suite's
    /// short run makes the day a few seconds.</summary>
    internal async Task<IReadOnlyList<SoakSample>> RunAsync(TimeSpan duration, TimeSpan day, Func<Task<(double ResidentMb, int Descriptors, int Threads, long DatabaseBytes)>> sample)
    {
        var stop = false;
        var clients = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            while (!Volatile.Read(ref stop))
            {
                await OneAsync(random);
            }
        })).ToList();
        clients.Add(Task.Run(async () =>
        {
            for (var today = Stopwatch.StartNew(); !Volatile.Read(ref stop); today.Restart())
            {
                _counts.AddOrUpdate("audit", 1, (_, n) => n + 1);
                if (await SendAsync("audit", Admin, HttpMethod.Get, "/ledgers/demo/audit", null, null) is { } audit && !audit.GetProperty("isSound").GetBoolean())
                {
                    // The books the load writes are sound: an audit that says otherwise is wrong, an error of the run.
                    var first = audit.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("severity").GetString() == "error");
                    Error($"GET /ledgers/demo/audit: not sound at {audit.GetProperty("head").GetProperty("sequence").GetInt64()}, first error: {first.GetProperty("message").GetString()}");
                }
                var rest = day - today.Elapsed;
                for (var waited = Stopwatch.StartNew(); waited.Elapsed < rest && !Volatile.Read(ref stop);)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }
            }
        }));
        var samples = new List<SoakSample>();
        for (var minute = 1; minute <= (int)Math.Ceiling(duration / day); minute++)
        {
            await Task.Delay(day);
            var drained = new List<(string Class, double Milliseconds)>();
            while (_latencies.TryTake(out var latency))
            {
                drained.Add(latency);
            }

            var (resident, descriptors, threads, bytes) = await sample();
            var sales = Interlocked.Read(ref _sales);
            samples.Add(new SoakSample(minute, sales, resident, descriptors, threads, P99(drained, "write"), P99(drained, "read"), P99(drained, "audit"),
                sales == 0 ? 0 : (double)bytes / sales, Interlocked.Exchange(ref _errors, 0)));
            Console.Error.WriteLine($"  minute {minute}: {samples[^1]}");
        }

        Volatile.Write(ref stop, true);
        await Task.WhenAll(clients);
        return samples;
    }

    private static double P99(List<(string Class, double Milliseconds)> latencies, string kind)
    {
        var sorted = latencies.Where(l => l.Class == kind).Select(l => l.Milliseconds).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(0.99 * sorted.Length))];
    }

    private async Task OneAsync(Random random)
    {
        var draw = random.Next(1_000);
        var provider = random.Next(2) == 0;
        var (name, task) = draw switch
        {
            < 500 => ("paid sale", SaleAsync(provider, prepaid: false)),
            < 600 => ("prepaid sale", SaleAsync(provider: true, prepaid: true)),
            < 700 => ("delivery", DeliveryAsync()),
            < 750 => ("refund", RefundAsync(provider)),
            < 800 => ("statement", StatementAsync(provider ? "elder-care" : "cafe", random.Next(2) == 0 ? "hub" : "fund")),
            _ => ("read", ReadAsync(random.Next(5))),
        };
        _counts.AddOrUpdate(name, 1, (_, n) => n + 1);
        await task;
    }

    private async Task<JsonElement?> SaleAsync(bool provider, bool prepaid)
    {
        var n = Interlocked.Increment(ref _keys);
        var (seller, package) = provider ? ("elder-care", "elder-meals") : ("cafe", "coffee-class");
        var body = $$"""{"provider":"{{seller}}","packageId":"{{package}}","tier":"paid","quantity":1,"unitPrice":{"amount":"{{(provider ? "100.00" : "99.99")}}","currency":"CNY"},"channel":"weChatPay","date":"2026-11-{{1 + (n % 28):00}}","residentReference":"r-{{n % 5000}}","prepaid":{{(prepaid ? "true" : "false")}}}""";
        var sale = await SendAsync("write", provider ? ElderCare : Cafe, HttpMethod.Post, "/ledgers/demo/sales", body, $"soak-sale-{n}");
        if (sale is { } answered)
        {
            Interlocked.Increment(ref _sales);
            var queue = prepaid ? _prepaid : provider ? _paid : _cafePaid;
            queue.Enqueue(answered.GetProperty("id").GetString()!);
            Trim(queue);
        }

        return sale;
    }

    /// <summary>The settlement statement through November, prepared once and replayed under its key after that;
    /// "nothing owed" (before the first sales) is an answer, not an error.</summary>
    private Task<JsonElement?> StatementAsync(string provider, string counterparty) =>
        SendAsync("write", Admin, HttpMethod.Post, "/ledgers/demo/statements", $$"""{"provider":"{{provider}}","counterparty":"{{counterparty}}","period":"2026-11"}""",
            $"soak-statement-{provider}-{counterparty}-2026-11");

    private async Task<JsonElement?> DeliveryAsync()
    {
        if (!_prepaid.TryDequeue(out var sale))
        {
            return null;
        }

        return await SendAsync("write", ElderCare, HttpMethod.Post, "/ledgers/demo/deliveries", $$"""{"date":"2026-11-28","sessions":1,"sale":"{{sale}}"}""", $"soak-delivery-{sale}");
    }

    private async Task<JsonElement?> RefundAsync(bool provider)
    {
        if (!(provider ? _paid : _cafePaid).TryDequeue(out var sale))
        {
            return null;
        }

        return await SendAsync("write", provider ? ElderCare : Cafe, HttpMethod.Post, $"/ledgers/demo/sales/{sale}/refunds",
            """{"amount":{"amount":"10.00","currency":"CNY"},"date":"2026-11-28","reason":"soak"}""", $"soak-refund-{sale}");
    }

    private Task<JsonElement?> ReadAsync(int which) => which switch
    {
        0 => SendAsync("read", Admin, HttpMethod.Get, "/ledgers/demo/entities/elder-care/trial-balance", null, null),
        1 => SendAsync("read", Admin, HttpMethod.Get, "/ledgers/demo/reports/distributions?from=2026-11-01&to=2026-11-30", null, null),
        2 => SendAsync("read", Admin, HttpMethod.Get, "/ledgers/demo/reports/fairness?from=2026-11-01&to=2026-11-30", null, null),
        3 => SendAsync("read", Admin, HttpMethod.Get, "/ledgers/demo/sales?limit=50", null, null),
        _ => SendAsync("read", Admin, HttpMethod.Get, "/ledgers/demo/exports/csv?from=2026-10-01&to=2026-10-31", null, null),
    };

    /// <summary>Keeps the queues of sales to deliver or refund short: the oldest are forgotten.</summary>
    private static void Trim(ConcurrentQueue<string> queue)
    {
        while (queue.Count > 1_000 && queue.TryDequeue(out _))
        {
        }
    }

    private async Task<JsonElement?> SendAsync(string kind, string key, HttpMethod method, string path, string? body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _requests);
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            _latencies.Add((kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            if (response.IsSuccessStatusCode)
            {
                return text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : null;
            }

            if (text.Contains("\"code\":\"settlement.nothing_owed\"", StringComparison.Ordinal))
            {
                return null;
            }

            Error($"{method} {path}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        }
        catch (HttpRequestException ex)
        {
            Error($"{method} {path}: {ex.Message}");
        }
        catch (TaskCanceledException ex)
        {
            // The client's timeout (100 s): an error of the run, not the end of the tool.
            Error($"{method} {path}: {ex.Message}");
        }

        return null;
    }

    private void Error(string what)
    {
        if (Interlocked.Increment(ref _errors) <= 20)
        {
            Console.Error.WriteLine($"  error: {what}");
        }
    }
}
