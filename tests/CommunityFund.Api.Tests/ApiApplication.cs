using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityFund.Api.Tests;

/// <summary>The real API on a private SQLite file with the demo ledger seeded; one per test class instance.</summary>
public sealed class ApiApplication : WebApplicationFactory<Program>
{
    /// <summary>The demo keys.</summary>
    public const string Admin = "cf_demo_admin_demo-hub-admin";

    /// <summary>The trustee demo key.</summary>
    public const string Trustee = "cf_demo_trustee_demo-trustee";

    /// <summary>The elder-care provider demo key.</summary>
    public const string ElderCare = "cf_demo_elder-care_demo-elder-care";

    /// <summary>The café provider demo key.</summary>
    public const string Cafe = "cf_demo_cafe_demo-cafe";

    /// <summary>The youth club's demo key.</summary>
    public const string YouthClub = "cf_demo_youth-club_demo-youth-club";

    private readonly string _folder = Directory.CreateTempSubdirectory("cf-api-").FullName;
    private readonly Dictionary<string, string?> _settings;

    /// <summary>Creates the application, optionally with extra settings. Without any, its folder starts as a copy of
    /// <see cref="DemoTemplate"/>: the books migrated and the demo seeded once per test run, not once per test.</summary>
    public ApiApplication(Dictionary<string, string?>? settings = null)
        : this(settings, fromTemplate: settings is null or { Count: 0 })
    {
    }

    private ApiApplication(Dictionary<string, string?>? settings, bool fromTemplate)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Books:ConnectionString"] = $"Data Source={Path.Combine(_folder, "api.db")}",
            ["Books:CheckpointKeyFile"] = Path.Combine(_folder, "checkpoint-key.pem"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        if (fromTemplate)
        {
            foreach (var file in Directory.GetFiles(DemoTemplate.Value))
            {
                File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
            }
        }
    }

    /// <summary>A folder holding what a default application's start writes (the database, migrated, with the demo
    /// ledger and its keys; the checkpoint key files), checkpointed into the database file, made once per test run.</summary>
    private static readonly Lazy<string> DemoTemplate = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("cf-api-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        using (var template = new ApiApplication(null, fromTemplate: false))
        {
            template.Client(null).GetAsync("/health/ready").GetAwaiter().GetResult().EnsureSuccessStatusCode();
            foreach (var file in Directory.GetFiles(template._folder).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
        }

        // The copy's log folded into its database file, so that each test copies one consistent file.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "api.db")};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var result = checkpoint.ExecuteReader();
            if (!result.Read() || result.GetInt32(0) != 0)
            {
                throw new InvalidOperationException("The demo template's checkpoint did not complete.");
            }
        }

        File.Delete(Path.Combine(folder, "api.db-wal"));
        return folder;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A client sending the given key.</summary>
    public HttpClient Client(string? key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private string? _operatorKey;

    /// <summary>An operator key of this application's books, created on first use (as <c>keys create-operator</c> does).</summary>
    public async Task<string> OperatorKeyAsync()
    {
        if (_operatorKey is null)
        {
            var (_, key) = await Services.GetRequiredService<Security.ApiKeys>().CreateOperatorAsync("tests");
            _operatorKey = key;
        }

        return _operatorKey;
    }

    /// <summary>Every log line the application wrote (at the configured levels).</summary>
    public IReadOnlyCollection<string> LogLines => _logs.Lines;

    /// <summary>The SQLite database file (when the books are on SQLite).</summary>
    public string DatabaseFile => Path.Combine(_folder, "api.db");

    private readonly CollectingLoggerProvider _logs = new();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(_logs));
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>());
    }

    /// <summary>The header with which a test stands for a client at another address (the test server has none).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Sets the connection's remote address from <see cref="ClientAddressHeader"/>, first in the pipeline.</summary>
    private sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (System.Net.IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                await proceed();
            });
            next(app);
        };
    }

    /// <summary>Keeps every log line in memory.</summary>
    private sealed class CollectingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
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
}

/// <summary>Small helpers for requests.</summary>
public static class Http
{
    /// <summary>POSTs JSON with an idempotency key.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, string? idempotencyKey = "auto")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey == "auto" ? Guid.NewGuid().ToString() : idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Reads the body as a JSON document.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>The problem's code.</summary>
    public static async Task<string?> CodeAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>A sale body for the demo's elder-meals package.</summary>
    public static string Sale(string provider = "elder-care", int quantity = 1, string date = "2026-04-02", string package = "elder-meals", string price = "100.00") =>
        $$"""{"provider":"{{provider}}","packageId":"{{package}}","tier":"paid","quantity":{{quantity}},"unitPrice":{"amount":"{{price}}","currency":"CNY"},"channel":"weChatPay","date":"{{date}}","residentReference":"r-0100"}""";
}
