using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CommunityFund.LoadTool;

/// <summary>
/// A bulk import of past sales through the real API (its own process, SQLite, the demo data): <c>rows</c> CSV rows
/// generated while they are sent (chunked, no length, never held whole on either side) to
/// <c>POST /ledgers/demo/sales/imports</c>, then the same file again (every row already there). Rows per second of
/// each, and the API's resident memory after start-up and at its peak (<c>VmRSS</c>/<c>VmHWM</c> from /proc).
/// </summary>
internal static class ImportScenario
{
    private const string AdminKey = "cf_demo_admin_demo-hub-admin";

    internal static async Task<IReadOnlyList<(string Scenario, string Figure)>> RunAsync(string folder, int rows)
    {
        var port = HttpScenario.FreePort();
        using var process = HttpScenario.StartApi(folder, port, "import-api.db");
        try
        {
            using var http = HttpScenario.Client(port);
            http.Timeout = TimeSpan.FromHours(1);
            http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await WaitReadyAsync(http);
            var idle = ServerUsage.MemoryMegabytes(process.Id.ToString(CultureInfo.InvariantCulture), "VmRSS:");
            var (first, firstSeconds) = await ImportAsync(http, rows);
            var peak = ServerUsage.PeakResidentMegabytes(process.Id);
            var (again, againSeconds) = await ImportAsync(http, rows);
            var rss = ServerUsage.PeakResidentMegabytes(process.Id);
            return
            [
                ($"HTTP: import {rows:N0} sales from one CSV stream (SQLite)",
                    $"{rows / firstSeconds:N0} rows/s ({firstSeconds:N1} s; imported {first.Imported:N0}, refused {first.Refused:N0}); API RSS {idle:N0} MB after start, peak {peak:N0} MB"),
                ($"HTTP: the same {rows:N0} rows again (all already there)",
                    $"{rows / againSeconds:N0} rows/s ({againSeconds:N1} s; already there {again.AlreadyThere:N0}); API peak RSS {rss:N0} MB"),
            ];
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private sealed record Summary(long Imported, long AlreadyThere, long Refused);

    private static async Task<(Summary Summary, double Seconds)> ImportAsync(HttpClient http, int rows)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync("/ledgers/demo/sales/imports", new GeneratedCsv(rows));
        var body = await response.Content.ReadAsStringAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The import answered {(int)response.StatusCode}: {body}");
        }

        var json = JsonDocument.Parse(body).RootElement;
        var summary = new Summary(json.GetProperty("imported").GetInt64(), json.GetProperty("alreadyThere").GetInt64(), json.GetProperty("refused").GetInt64());
        Console.WriteLine($"# import of {rows:N0} rows: {summary} in {seconds:N1} s");
        return (summary, seconds);
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        for (var wait = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            try
            {
                if ((await http.GetAsync("/ledgers/demo/")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (wait.Elapsed < TimeSpan.FromSeconds(60))
            {
            }
        }
    }

    /// <summary>The CSV, written row by row as the request is sent: the demo's elder-meals package, paid tier, dates from
    /// June to November 2026, quantities 1–3, each row its own external reference.</summary>
    private sealed class GeneratedCsv : HttpContent
    {
        private readonly int _rows;

        internal GeneratedCsv(int rows)
        {
            _rows = rows;
            Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            await writer.WriteAsync("externalReference,provider,packageId,tier,quantity,unitPrice,currency,channel,date,residentReference\n");
            for (var i = 0; i < _rows; i++)
            {
                var date = new DateOnly(2026, 6 + (i % 6), 1 + (i % 28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"load-{i:D7},elder-care,elder-meals,paid,{1 + (i % 3)},100.00,CNY,{(i % 2 == 0 ? "weChatPay" : "alipay")},{date},r-{i % 5000:D4}\n"));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
