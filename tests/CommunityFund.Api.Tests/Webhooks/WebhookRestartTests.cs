using System.Diagnostics;
using System.Net;
using System.Text;

namespace CommunityFund.Api.Tests.Webhooks;

/// <summary>
/// The API process is killed (SIGKILL) while webhook deliveries are pending and restarted on the same database: the
/// receiver ends with every event exactly once after de-duplication by event id, in order, with no gap (at-least-once:
/// the event in flight at the kill may come twice).
/// </summary>
public sealed class WebhookRestartTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-webhook-").FullName;
    private readonly int _port = TestPaths.FreePort();
    private readonly StringBuilder _output = new();
    private Process? _process;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        Stop();
        await _receiver.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ApiKilledWithDeliveriesPending_ReceiverEndsWithEveryEventOnce()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(30) };
        await StartAsync(http);
        var self = await SendAsync(http, ApiApplication.Admin, "/ledgers/demo/webhooks", WebhookTests.Body($"http://127.0.0.1:{_port}/hook"));
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode); // the server itself, by its loopback port
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, ApiApplication.Admin, "/ledgers/demo/webhooks", WebhookTests.Body(_receiver.Url))).StatusCode);

        _receiver.Delay = TimeSpan.FromMilliseconds(100);
        var sales = new List<string>();
        await PostSalesAsync(http, sales, 20);
        await _receiver.WaitUntilAsync(r => r.Requests.Count >= 3, 60, "the first deliveries");
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        var takenAtKill = _receiver.TakenSnapshot().Count;
        Assert.True(takenAtKill < 40, $"every event was delivered before the kill ({takenAtKill}); nothing was pending");

        _receiver.Delay = TimeSpan.Zero;
        await StartAsync(http);
        await PostSalesAsync(http, sales, 5);
        await _receiver.WaitUntilAsync(r => WebhookTests.SaleReferences(r).Count >= sales.Count, 120, "every sale after the restart");

        Assert.Equal(sales.Select(s => "sale:" + s), WebhookTests.SaleReferences(_receiver));
        WebhookTests.AssertInOrderWithoutGaps(_receiver.TakenSnapshot());
        Assert.All(_receiver.Requests, r => Assert.True(r.SignatureValid, r.EventId));
        Reliability.Report.Record($"Webhooks: API killed with {_receiver.TakenSnapshot().Count - takenAtKill} of its events pending, restarted; receiver got {_receiver.Requests.Count} requests, " +
            $"{_receiver.TakenSnapshot().Count} distinct events, in order, none missing.");
    }

    private static async Task PostSalesAsync(HttpClient http, List<string> sales, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var sale = await SendAsync(http, ApiApplication.ElderCare, "/ledgers/demo/sales", Http.Sale());
            Assert.Equal(HttpStatusCode.Created, sale.StatusCode);
            sales.Add((await sale.JsonAsync()).GetProperty("id").GetString()!);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string key, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("X-Api-Key", key);
        return http.SendAsync(request);
    }

    private async Task StartAsync(HttpClient http)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(TestPaths.RepositoryRoot(), "src", "CommunityFund.Api");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(project, "bin", configuration, "net10.0", "CommunityFund.Api.dll"), "--urls", $"http://127.0.0.1:{_port}" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Books__ConnectionString"] = $"Data Source={Path.Combine(_folder, "webhooks.db")}";
        info.Environment["Books__CheckpointKeyFile"] = Path.Combine(_folder, "checkpoint-key.pem");
        info.Environment["Books__Demo"] = "true";
        info.Environment["Webhooks__PollInterval"] = "00:00:00.100";
        info.Environment["Webhooks__FirstBackoff"] = "00:00:00.100";
        info.Environment["Webhooks__MaxBackoff"] = "00:00:00.500";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        lock (_output)
        {
            throw new TimeoutException("The API did not start: " + _output);
        }
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }
}
