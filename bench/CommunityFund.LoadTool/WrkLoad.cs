using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CommunityFund.LoadTool;

/// <summary>
/// The HTTP scenario's load from wrk (<c>--http-wrk</c>; Debian: <c>apt-get install -y wrk</c>) instead of the tool's
/// own .NET clients: the instrument issue 20's first figures were measured with, a C client that takes about half the
/// CPU a sale the tool's clients take on the same two cores. It posts the same sales (<c>bench/wrk/sales.lua</c>), each
/// with its own key, over as many connections as the tool has clients, untimed for the warm-up and then for the
/// measured window; a sale counts when it is answered 201.
/// </summary>
internal static partial class WrkLoad
{
    /// <summary>Whether <c>wrk</c> is on the PATH.</summary>
    internal static bool Available =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, "wrk")));

    /// <summary>Warms the API at <paramref name="port"/> up, then measures a window; the API's and the machine's usage
    /// are read at both ends of the measured run.</summary>
    internal static async Task<HttpScenario.Measured> LoadAsync(int port, int clients, LoadWindow window, int serverProcess)
    {
        var run = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        await RunAsync(port, clients, window.WarmUp, $"warm-{run}");
        var before = WindowUsage.Of(serverProcess);
        var output = await RunAsync(port, clients, window.Measured, $"measured-{run}");
        var after = WindowUsage.Of(serverProcess);

        var summary = Summary().Match(output);
        var counts = Counts().Match(output);
        if (!summary.Success || !counts.Success)
        {
            throw new InvalidOperationException($"wrk's output was not understood:\n{output}");
        }

        var seconds = double.Parse(summary.Groups["seconds"].Value, CultureInfo.InvariantCulture) * (summary.Groups["unit"].Value == "m" ? 60 : 1);
        var created = int.Parse(counts.Groups["created"].Value, CultureInfo.InvariantCulture);
        var other = int.Parse(counts.Groups["other"].Value, CultureInfo.InvariantCulture);
        var socketErrors = SocketErrors().Match(output) is { Success: true } errors
            ? errors.Groups.Values.Skip(1).Sum(group => long.Parse(group.Value, CultureInfo.InvariantCulture))
            : 0;
        var measured = new HttpScenario.Measured(created / seconds, Percentile(output, "50"), Percentile(output, "99"), other + socketErrors, 0) { Client = "wrk" };
        return after.Since(before, measured, created + other);
    }

    private static async Task<string> RunAsync(int port, int clients, TimeSpan duration, string keyPrefix)
    {
        var script = Path.Combine(HttpScenario.RepositoryRoot(), "bench", "wrk", "sales.lua");
        var info = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "-t", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
                     "-c", clients.ToString(CultureInfo.InvariantCulture),
                     "-d", string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Ceiling(duration.TotalSeconds)}s"),
                     "--timeout", "10s", "--latency", "-s", script, $"http://127.0.0.1:{port}", "--", keyPrefix,
                 })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await error}{await output}");
    }

    /// <summary>A percentile of wrk's latency distribution, in milliseconds.</summary>
    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s*{percent}(?:\.0+)?%\s+(?<value>[\d.]+)(?<unit>us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    // wrk gives the window in seconds ("20.01s") up to a minute, then in minutes ("1.00m").
    [GeneratedRegex(@"(?<requests>\d+) requests in (?<seconds>[\d.]+)(?<unit>[sm])")]
    private static partial Regex Summary();

    [GeneratedRegex(@"created (?<created>\d+), other (?<other>\d+)")]
    private static partial Regex Counts();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
