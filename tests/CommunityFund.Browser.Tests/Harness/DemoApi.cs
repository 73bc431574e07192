using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace CommunityFund.Browser.Tests.Harness;

/// <summary>The real API on Kestrel (a real port a browser can reach) over a private SQLite file, with the demo ledger
/// seeded and every log line it writes kept (request logging on, to prove what it does not log).</summary>
public sealed class DemoApi : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-browser-").FullName;
    private readonly CollectedLogs _logs = new();

    /// <summary>Creates the API (started by <see cref="Start"/>).</summary>
    public DemoApi() => UseKestrel(FreePort());

    /// <summary>The API's address, e.g. <c>http://127.0.0.1:41234</c> (after <see cref="Start"/>).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every log line the API wrote.</summary>
    public IReadOnlyCollection<string> LogLines => _logs.Lines;

    /// <summary>Starts Kestrel and seeds the demo ledger.</summary>
    public void Start()
    {
        StartServer();
        Address = ClientOptions.BaseAddress;
    }

    /// <summary>A client of the running server sending <paramref name="key"/> in X-Api-Key (none when <c>null</c>).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    /// <summary>Closes January to March 2026 of the demo ledger and publishes March (issue 19, part 1), as the hub administrator.</summary>
    public async Task PublishMarchAsync()
    {
        using var admin = Client(DemoKeys.Admin);
        foreach (var month in new[] { "2026-01", "2026-02", "2026-03" })
        {
            await PostAsync(admin, $"/ledgers/{DemoKeys.Ledger}/periods/{month}/close", HttpStatusCode.OK);
        }

        await PostAsync(admin, $"/ledgers/{DemoKeys.Ledger}/publications/2026-03", HttpStatusCode.Created);
    }

    private static async Task PostAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseSetting("Books:ConnectionString", $"Data Source={Path.Combine(_folder, "api.db")}");
        builder.UseSetting("Books:CheckpointKeyFile", Path.Combine(_folder, "checkpoint-key.pem"));
        builder.UseSetting("Books:Demo", "true");
        builder.UseSetting("Api:RequestsPerMinutePerKey", "100000");
        // The dashboard reads the audit, the verification and the checkpoint on every load; the tests load it often with one key.
        builder.UseSetting("Api:ExpensiveReadsPerMinutePerKey", "100000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging", "Information");
        // Kept in memory only: the request log would otherwise flood the test run's console.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(_logs));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Keeps every log line in memory.</summary>
    private sealed class CollectedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
