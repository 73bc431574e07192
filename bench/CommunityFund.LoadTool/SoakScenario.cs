using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace CommunityFund.LoadTool;

/// <summary>
/// A month of traffic in half an hour (<c>--soak MINUTES</c>, issue 21): the real API as its own process on SQLite (or
/// on PostgreSQL with <c>--soak-postgres CONNECTION</c>, a database of its own on that server), 8 clients sending a
/// mixed load — paid and prepaid sales, deliveries of prepaid sessions, partial refunds, settlement statements,
/// reports, exports and audits — and once a minute a sample of the API process's resident set, open file
/// descriptors and threads, the minute's p99 latency of writes and of reads, and the database's size per sale. After
/// warm-up (the first third) a measure "trends upward" when a least-squares line over its samples rises by more than
/// its allowance over the rest of the run (memory, descriptors, threads, bytes per sale: 10%; write p99: 50%).
/// Reads that scan the whole ledger (the audit, which verifies every journal) grow with it by design and are reported,
/// not judged.
/// </summary>
internal static class SoakScenario
{
    private const int Clients = 8;
    private static readonly string[] Providers = ["elder-care", "cafe"];

    internal static async Task<int> RunAsync(string folder, int minutes, string? postgres, string? keep = null)
    {
        var engine = postgres is null ? "SQLite" : "PostgreSQL";
        Console.WriteLine($"# CommunityFund soak {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC — {engine}, {minutes} min, {Clients} clients, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var database = postgres is null ? null : $"cf_soak_{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string>();
        if (postgres is not null)
        {
            await ExecuteAsync(postgres, $"CREATE DATABASE {database}");
            settings["Books__Provider"] = "Postgres";
            settings["Books__ConnectionString"] = new NpgsqlConnectionStringBuilder(postgres) { Database = database, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
        }

        var port = HttpScenario.FreePort();
        using var api = HttpScenario.StartApi(folder, port, "soak.db", settings);
        using var http = HttpScenario.Client(port);
        try
        {
            await WaitForHealthAsync(http);
            var load = new SoakLoad(http);
            var samples = await load.RunAsync(TimeSpan.FromMinutes(minutes), () => Sample(api.Id, folder, postgres, database));
            return Report(engine, minutes, samples, load);
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            foreach (var file in keep is null || postgres is not null ? [] : new[] { "soak.db", "soak.db-wal" }.Where(f => File.Exists(Path.Combine(folder, f))))
            {
                File.Copy(Path.Combine(folder, file), keep + file[4..], overwrite: true);
            }

            if (postgres is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
        }
    }

    /// <summary>The process's figures now and the database's size.</summary>
    private static async Task<(double ResidentMb, int Descriptors, int Threads, long DatabaseBytes)> Sample(int pid, string folder, string? postgres, string? database)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var descriptors = Directory.GetFiles($"/proc/{pid}/fd").Length;
        long bytes;
        if (postgres is null)
        {
            bytes = new[] { "soak.db", "soak.db-wal" }.Select(f => Path.Combine(folder, f)).Where(File.Exists).Sum(f => new FileInfo(f).Length);
        }
        else
        {
            await using var connection = new NpgsqlConnection(postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT pg_database_size('{database}')", connection);
            bytes = (long)(await command.ExecuteScalarAsync())!;
        }

        return (Field("VmRSS:") / 1024, descriptors, (int)Field("Threads:"), bytes);
    }

    private static int Report(string engine, int minutes, IReadOnlyList<SoakSample> samples, SoakLoad load)
    {
        Console.WriteLine();
        Console.WriteLine($"| minute | sales | RSS MB | open fds | threads | write p99 ms | read p99 ms | audit p99 ms | bytes/sale | errors |");
        Console.WriteLine("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var s in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Minute} | {s.Sales:N0} | {s.ResidentMb:N0} | {s.Descriptors} | {s.Threads} | {s.WriteP99:N1} | {s.ReadP99:N1} | {s.AuditP99:N0} | {s.BytesPerSale:N0} | {s.Errors} |"));
        }

        var afterWarmUp = samples.Skip(samples.Count / 3).ToList();
        var verdicts = new (string Measure, Func<SoakSample, double> Value, double Allowance)[]
        {
            ("RSS", s => s.ResidentMb, 0.10), ("open fds", s => s.Descriptors, 0.10), ("threads", s => s.Threads, 0.10),
            ("write p99", s => s.WriteP99, 0.50), ("bytes/sale", s => s.BytesPerSale, 0.10),
        }.Select(v => (v.Measure, Rise: Rise(afterWarmUp, v.Value), v.Allowance)).ToList();
        Console.WriteLine();
        foreach (var (measure, rise, allowance) in verdicts)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {measure}: fitted rise after warm-up {rise:+0.0%;-0.0%} (allowance {allowance:0%}) — {(rise <= allowance ? "flat" : "TRENDS UPWARD")}"));
        }

        var errors = samples.Sum(s => s.Errors);
        Console.WriteLine($"# {engine}, {minutes} min: {load.Requests:N0} requests ({load.Describe()}), {errors} errors");
        return verdicts.All(v => v.Rise <= v.Allowance) && errors == 0 ? 0 : 1;
    }

    /// <summary>How much a least-squares line over the samples rises from the first to the last, relative to its start.</summary>
    private static double Rise(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> value)
    {
        if (samples.Count < 2)
        {
            return 0;
        }

        var (meanX, meanY) = (samples.Average(s => (double)s.Minute), samples.Average(value));
        var slope = samples.Sum(s => (s.Minute - meanX) * (value(s) - meanY)) / samples.Sum(s => (s.Minute - meanX) * (s.Minute - meanX));
        var start = meanY + (slope * (samples[0].Minute - meanX));
        return start <= 0 ? 0 : slope * (samples[^1].Minute - samples[0].Minute) / start;
    }

    private static async Task WaitForHealthAsync(HttpClient http)
    {
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromMinutes(2); await Task.Delay(200))
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
            }
        }

        throw new TimeoutException("The API did not start.");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
