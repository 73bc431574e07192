using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>The API as its own process (the built CommunityFund.Api.dll, Production environment, demo ledger seeded) on a
/// SQLite file, for the tests that kill it, starve its disk or watch its memory; started and stopped at will, its
/// output kept for the failure messages.</summary>
internal sealed class ApiProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly string _database;
    private readonly string _keyFile;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Process? _process;

    /// <summary>An API on <paramref name="database"/>, with extra settings (environment variables, <c>Section__Key</c>).</summary>
    internal ApiProcess(string database, string keyFile, IReadOnlyDictionary<string, string>? settings = null)
    {
        (_database, _keyFile, _settings) = (database, keyFile, settings ?? new Dictionary<string, string>());
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    internal int Port { get; } = TestPaths.FreePort();

    internal HttpClient Http { get; }

    /// <summary>The running process's id.</summary>
    internal int Id => _process!.Id;

    /// <summary>The running process's resident set (VmRSS), in bytes.</summary>
    internal long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process!.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Has the process run a full, blocking garbage collection now, through the diagnostics port (as
    /// dotnet-gcdump does: an EventPipe session with the GC heap-collect keyword induces one), so that the GC's "heap
    /// size after the last collection" is the live heap.</summary>
    internal void CollectGarbage()
    {
        var client = new Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient(_process!.Id);
        const long Gc = 0x1, GcHeapCollect = 0x800000;
        using var session = client.StartEventPipeSession(
            [new Microsoft.Diagnostics.NETCore.Client.EventPipeProvider("Microsoft-Windows-DotNETRuntime", System.Diagnostics.Tracing.EventLevel.Informational, Gc | GcHeapCollect)],
            requestRundown: false);
        // The collection runs when the session starts; the events are drained (unread) while it finishes, then the
        // session stops, which ends the stream.
        var buffer = new byte[64 * 1024];
        var drain = Task.Run(() =>
        {
            while (session.EventStream.Read(buffer, 0, buffer.Length) > 0)
            {
            }
        });
        Thread.Sleep(200);
        session.Stop();
        drain.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>What the process printed so far.</summary>
    internal string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>Runs the API's command line (e.g. <c>keys create-operator</c>) on the same database and settings, and
    /// answers what it printed.</summary>
    internal async Task<string> RunCommandAsync(params string[] arguments)
    {
        var info = StartInfo(arguments);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', arguments)} exited {process.ExitCode}: {errors}");
    }

    /// <summary>Starts the process and waits (up to two minutes) until it answers <c>/health</c>.</summary>
    internal async Task StartAsync()
    {
        var info = StartInfo(["--urls", $"http://127.0.0.1:{Port}"]);
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
                if ((await Http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException("The API did not start: " + Output());
    }

    private ProcessStartInfo StartInfo(string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(TestPaths.RepositoryRoot(), "src", "CommunityFund.Api");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(project, "bin", configuration, "net10.0", "CommunityFund.Api.dll") }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["Books__ConnectionString"] = $"Data Source={_database}";
        info.Environment["Books__CheckpointKeyFile"] = _keyFile;
        // The process runs in Production (no launch profile): the demo ledger is seeded only when asked.
        info.Environment["Books__Demo"] = "true";
        info.Environment["Api__RequestsPerMinutePerKey"] = "10000000";
        info.Environment["Api__ExpensiveReadsPerMinutePerKey"] = "10000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in _settings)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Kills the process (SIGKILL) and waits for it to exit.</summary>
    internal void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>A sale posted by the elder-care provider's key under an idempotency key.</summary>
    internal static HttpRequestMessage PostSale(string body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ledgers/demo/sales") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("X-Api-Key", ApiApplication.ElderCare);
        return request;
    }

    /// <summary>A read by the hub administrator.</summary>
    internal static HttpRequestMessage AdminGet(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", ApiApplication.Admin);
        return request;
    }

    public void Dispose()
    {
        Kill();
        Http.Dispose();
    }
}
