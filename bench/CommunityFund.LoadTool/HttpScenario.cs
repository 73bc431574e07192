using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace CommunityFund.LoadTool;

/// <summary>
/// Sales through the real API — its own process, on a SQLite file with the demo data: authentication, validation,
/// idempotency and the durable commit — from concurrent clients, against a bare Kestrel endpoint in this process that
/// stores the same rows of a sale durably, one commit per request. Throughput, p50/p99 latency and the API's peak
/// resident memory (from /proc).
/// </summary>
internal static class HttpScenario
{
    private const string SalesKey = "cf_demo_elder-care_demo-elder-care";

    internal static async Task<(string Figure, string Baseline, double Ratio)> RunAsync(string folder, int clients, LoadWindow window)
    {
        var api = await MeasureApiAsync(folder, clients, window);
        var bare = await MeasureBareAsync(folder, clients, window);
        return ($"{api.Rate:N0} sales/s, p50 {api.P50:N1} ms, p99 {api.P99:N1} ms, {api.Errors} errors, API peak RSS {api.PeakMegabytes:N0} MB",
            $"{bare.Rate:N0} req/s bare Kestrel (p50 {bare.P50:N1} ms, p99 {bare.P99:N1} ms)", api.Rate / bare.Rate);
    }

    /// <summary>
    /// <c>--http-only [--http-seconds N] [--clients N] [--postgres CONNECTION] [--http-bare] [--http-wrk]</c>: the API's POST /sales
    /// alone, on SQLite and (with a server) on a fresh PostgreSQL database; the bare endpoint only with
    /// <c>--http-bare</c>; wrk as the clients with <c>--http-wrk</c>. Keeps the API's process to this scenario (no other
    /// scenario runs in the tool). Each window also says where a sale's CPU went (<see cref="CpuSplit"/>).
    /// </summary>
    internal static async Task<int> RunOnlyAsync(string folder, string[] args, int clients, LoadWindow window, string? postgres)
    {
        var wrk = args.Contains("--http-wrk");
        if (wrk && !WrkLoad.Available)
        {
            Console.Error.WriteLine("--http-wrk needs wrk on the PATH (Debian: apt-get install -y wrk).");
            return 2;
        }

        Console.WriteLine($"# HTTP only {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC — {clients} clients, {window.Measured.TotalSeconds:N0} s after {window.WarmUp.TotalSeconds:N0} s of warm-up, load {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine($"# {MachineSpeed.Describe()}");
        if (!args.Contains("--http-no-sqlite"))
        {
            Print("SQLite (synchronous=FULL)", await MeasureApiAsync(folder, clients, window, wrk: wrk));
        }

        if (postgres is not null)
        {
            var database = "cf_load_http";
            await using (var connection = new Npgsql.NpgsqlConnection(postgres))
            {
                await connection.OpenAsync();
                await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
                await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }

            var cs = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = database, Pooling = true }.ConnectionString;
            Print("PostgreSQL (synchronous_commit=on)", await MeasureApiAsync(folder, clients, window,
                new Dictionary<string, string> { ["Books__Provider"] = "Postgres", ["Books__ConnectionString"] = cs }, wrk));
        }

        if (args.Contains("--http-bare"))
        {
            Print("bare Kestrel, SQLite (one commit per request)", await MeasureBareAsync(folder, clients, window));
        }

        Console.WriteLine($"# load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;

        static void Print(string name, Measured m)
        {
            Console.WriteLine($"{name}: {m.Rate:N0} sales/s, p50 {m.P50:N1} ms, p99 {m.P99:N1} ms, {m.Errors} errors, API CPU {m.CpuMillisecondsPerRequest:N2} ms/sale, allocated {m.AllocatedKilobytesPerRequest:N1} KB/sale ({m.Gen0PerThousandRequests:N1} gen 0 GCs per 1,000), API peak RSS {m.PeakMegabytes:N0} MB");
            Console.WriteLine($"  clients: {m.Client}; {m.Cpu?.ToString() ?? "no CPU split"}");
        }
    }

    internal sealed record Measured(double Rate, double P50, double P99, long Errors, double PeakMegabytes)
    {
        /// <summary>The server's CPU time (user + system) per request during the measured window.</summary>
        public double CpuMillisecondsPerRequest { get; init; } = double.NaN;

        /// <summary>The bytes the server allocated per request during the measured window (its allocation probe).</summary>
        public double AllocatedKilobytesPerRequest { get; init; } = double.NaN;

        /// <summary>The server's gen 0 collections per 1,000 requests during the measured window.</summary>
        public double Gen0PerThousandRequests { get; init; } = double.NaN;

        /// <summary>Where the measured window's CPU went (the API, PostgreSQL, the rest), when a server process was measured.</summary>
        public CpuSplit? Cpu { get; init; }

        /// <summary>What made the requests.</summary>
        public string Client { get; init; } = "the tool's own (.NET HttpClient)";
    }

    private static async Task<Measured> MeasureApiAsync(string folder, int clients, LoadWindow window, IReadOnlyDictionary<string, string>? settings = null, bool wrk = false)
    {
        var port = FreePort();
        using var process = StartApi(folder, port, "http-api.db", settings);
        Console.WriteLine($"  (API process {process.Id})");
        try
        {
            using var http = Client(port);
            http.DefaultRequestHeaders.Add("X-Api-Key", SalesKey);
            for (var wait = Stopwatch.StartNew(); ; await Task.Delay(200))
            {
                try
                {
                    if ((await http.GetAsync("/ledgers/demo/")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (wait.Elapsed < TimeSpan.FromSeconds(60))
                {
                }
            }

            if (wrk)
            {
                return await WrkLoad.LoadAsync(port, clients, window, process.Id) with { PeakMegabytes = ServerUsage.PeakResidentMegabytes(process.Id) };
            }

            var counter = 0;
            var measured = await LoadAsync(clients, window, async () =>
            {
                var n = Interlocked.Increment(ref counter);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/ledgers/demo/sales")
                {
                    Content = new StringContent(Sale(n), Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", $"http-load-{n}");
                using var response = await http.SendAsync(request);
                return response.StatusCode == HttpStatusCode.Created;
            }, process.Id);
            var peak = ServerUsage.PeakResidentMegabytes(process.Id);
            return measured with { PeakMegabytes = peak };
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the real API (Release build) as its own process on a fresh SQLite file with the demo data, in
    /// Production, without rate limits or the per-request access log.</summary>
    internal static Process StartApi(string folder, int port, string database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var root = RepositoryRoot();
        // COMMUNITYFUND_API_DLL: another build of the API (e.g. the commit before a change, for a before/after pair).
        var dll = Environment.GetEnvironmentVariable("COMMUNITYFUND_API_DLL") is { Length: > 0 } other
            ? other
            : Path.Combine(root, "src", "CommunityFund.Api", "bin", "Release", "net10.0", "CommunityFund.Api.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", "..", "..", "CommunityFund.Api"), UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Books__ConnectionString"] = $"Data Source={Path.Combine(folder, database)}";
        info.Environment["Books__CheckpointKeyFile"] = Path.Combine(folder, "checkpoint-key.pem");
        // The process runs in Production (no launch profile): the demo ledger is seeded only when asked.
        info.Environment["Books__Demo"] = "true";
        info.Environment["Api__RequestsPerMinutePerKey"] = "100000000";
        info.Environment["Api__ExpensiveReadsPerMinutePerKey"] = "100000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // No access log line per request (the bare endpoint writes none either; the API's default console access log
        // costs about a tenth of its CPU under this load).
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore.HttpLogging"] = "Warning";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        // The allocation probe lets a measured window give the bytes the API allocated a request.
        ServerUsage.AddAllocationProbe(info);

        // COMMUNITYFUND_API_ENV="NAME=VALUE;NAME=VALUE": settings for the API's process only (runtime knobs to compare).
        foreach (var pair in (Environment.GetEnvironmentVariable("COMMUNITYFUND_API_ENV") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            info.Environment[pair[..at]] = pair[(at + 1)..];
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("The API did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"  api: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<Measured> MeasureBareAsync(string folder, int clients, LoadWindow window)
    {
        // The rows one sale writes (as the store writes them): 2 journals, 8 lines, an idempotency record, 8 balance
        // and 8 daily-balance upserts, 3 documents and the head; one durable commit per request.
        var file = Path.Combine(folder, "http-bare.db");
        var connectionString = $"Data Source={file};Pooling=True";
        await using (var setup = new SqliteConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var command = setup.CreateCommand();
            command.CommandText =
                "PRAGMA journal_mode=WAL;" +
                "CREATE TABLE journals (ledger_id TEXT, sequence INTEGER, id TEXT, accounting_date TEXT, recorded_at INTEGER, kind TEXT, memo TEXT, metadata TEXT, previous_hash TEXT, hash TEXT, PRIMARY KEY (ledger_id, sequence));" +
                "CREATE TABLE journal_lines (ledger_id TEXT, sequence INTEGER, line_number INTEGER, entity_id TEXT, account TEXT, side INTEGER, amount_minor INTEGER, unit TEXT, dimensions TEXT, PRIMARY KEY (ledger_id, sequence, line_number));" +
                "CREATE TABLE idempotency_keys (ledger_id TEXT, key TEXT, first_sequence INTEGER, journal_count INTEGER, PRIMARY KEY (ledger_id, key));" +
                "CREATE TABLE balances (ledger_id TEXT, entity_id TEXT, account TEXT, unit TEXT, debit INTEGER, credit INTEGER, PRIMARY KEY (ledger_id, entity_id, account, unit));" +
                "CREATE TABLE daily_balances (ledger_id TEXT, entity_id TEXT, account TEXT, unit TEXT, date TEXT, debit INTEGER, credit INTEGER, PRIMARY KEY (ledger_id, entity_id, account, unit, date));" +
                "CREATE TABLE documents (ledger_id TEXT, kind TEXT, key TEXT, json TEXT, PRIMARY KEY (ledger_id, kind, key));" +
                "CREATE TABLE ledgers (id TEXT PRIMARY KEY, head_sequence INTEGER); INSERT INTO ledgers VALUES ('demo', 0);";
            await command.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var writeLock = new SemaphoreSlim(1, 1);
        long sequence = 0;
        app.MapPost("/sales", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var key = http.Request.Headers["Idempotency-Key"].ToString();
            await writeLock.WaitAsync();
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync();
                await using (var pragma = connection.CreateCommand())
                {
                    pragma.CommandText = "PRAGMA synchronous=FULL;";
                    await pragma.ExecuteNonQueryAsync();
                }

                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                var first = sequence + 1;
                sequence += 2;
                await ExecuteAsync(connection, transaction, "UPDATE ledgers SET head_sequence = $a WHERE id = 'demo'", sequence);
                for (var j = 0; j < 2; j++)
                {
                    await ExecuteAsync(connection, transaction, "INSERT INTO journals VALUES ('demo', $a, $b, '2026-06-04', 0, 'Sale', $c, '{}', $d, $e)",
                        first + j, Guid.NewGuid().ToString(), body, new string('0', 64), new string('1', 64));
                }

                for (var l = 0; l < 8; l++)
                {
                    await ExecuteAsync(connection, transaction, "INSERT INTO journal_lines VALUES ('demo', $a, $b, 'elder-care', $c, 1, 100, 'CNY', '{\"counterparty\":\"hub\"}')",
                        first + (l / 4), l % 4, $"1002.0{l}");
                    await ExecuteAsync(connection, transaction,
                        "INSERT INTO balances VALUES ('demo', 'elder-care', $a, 'CNY', 100, 0) ON CONFLICT DO UPDATE SET debit = debit + excluded.debit", $"1002.0{l}");
                    await ExecuteAsync(connection, transaction,
                        "INSERT INTO daily_balances VALUES ('demo', 'elder-care', $a, 'CNY', '2026-06-04', 100, 0) ON CONFLICT DO UPDATE SET debit = debit + excluded.debit", $"1002.0{l}");
                }

                await ExecuteAsync(connection, transaction, "INSERT INTO idempotency_keys VALUES ('demo', $a, $b, 2)", key, first);
                for (var d = 0; d < 3; d++)
                {
                    await ExecuteAsync(connection, transaction, "INSERT INTO documents VALUES ('demo', $a, $b, $c) ON CONFLICT DO UPDATE SET json = excluded.json", $"kind-{d}", $"{key}-{d}", body);
                }

                await transaction.CommitAsync();
            }
            finally
            {
                writeLock.Release();
            }

            http.Response.StatusCode = StatusCodes.Status201Created;
            await http.Response.WriteAsync(body);
        });
        await app.StartAsync();
        try
        {
            using var http = Client(port);
            var counter = 0;
            return await LoadAsync(clients, window, async () =>
            {
                var n = Interlocked.Increment(ref counter);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/sales") { Content = new StringContent(Sale(n), Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", $"bare-{n}");
                using var response = await http.SendAsync(request);
                return response.StatusCode == HttpStatusCode.Created;
            });
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, params object[] values)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (char)('a' + i), values[i]);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs <paramref name="clients"/> loops of <paramref name="send"/>: the window's warm-up (not counted: the
    /// JIT's tiering settles), then its measured time.</summary>
    internal static async Task<Measured> LoadAsync(int clients, LoadWindow window, Func<Task<bool>> send, int? serverProcess = null)
    {
        var latencies = new ConcurrentBag<double>();
        long errors = 0;
        var measuring = false;
        var stop = false;
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!Volatile.Read(ref stop))
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await send();
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                if (Volatile.Read(ref measuring))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }
        })).ToList();
        await Task.Delay(window.WarmUp);
        Volatile.Write(ref measuring, true);
        var before = serverProcess is { } pid ? WindowUsage.Of(pid) : (WindowUsage?)null;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window.Measured);
        Volatile.Write(ref measuring, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var after = serverProcess is { } samePid ? WindowUsage.Of(samePid) : (WindowUsage?)null;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(loops);
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        var measured = new Measured((sorted.Length - errors) / elapsed, Percentile(0.50), Percentile(0.99), errors, 0);
        return before is { } start && after is { } end ? end.Since(start, measured, sorted.Length) : measured;
    }

    private static string Sale(int n) =>
        $$"""{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":{{1 + (n % 3)}},"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"weChatPay","date":"2026-06-04","residentReference":"r-{{n % 5000}}"}""";

    internal static HttpClient Client(int port) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CommunityFund.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the load tool from inside the repository.");
    }
}
