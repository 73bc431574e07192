using System.Diagnostics;
using System.Security.Cryptography;

namespace CommunityFund.LoadTool;

/// <summary>
/// How fast this machine is at the moment a run starts, printed with its figures: this project's 2-core machines are
/// virtual, and the same build on the same idle machine has measured three times slower at one hour than at another
/// (docs/performance.md, eighth session), so a figure is comparable only with figures measured beside it, or at the
/// same calibration. One core hashing 64 MiB (CPU), and the median of 50 durable 4 KiB writes (fsync).
/// </summary>
internal static class MachineSpeed
{
    /// <summary>The calibration as one line: CPU ms, fsync ms, load average.</summary>
    internal static string Describe()
    {
        var data = new byte[64 << 20];
        new Random(7).NextBytes(data);
        SHA256.HashData(data.AsSpan(0, 1 << 20));
        var cpu = Stopwatch.StartNew();
        SHA256.HashData(data);
        var cpuMs = cpu.Elapsed.TotalMilliseconds;
        var file = Path.Combine(Path.GetTempPath(), $"cf-fsync-{Environment.ProcessId}.tmp");
        var syncs = new List<double>(50);
        try
        {
            using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
            var block = new byte[4096];
            for (var i = 0; i < 50; i++)
            {
                var write = Stopwatch.StartNew();
                stream.Write(block);
                stream.Flush(flushToDisk: true);
                syncs.Add(write.Elapsed.TotalMilliseconds);
            }
        }
        finally
        {
            File.Delete(file);
        }

        syncs.Sort();
        return $"machine: SHA-256 of 64 MiB {cpuMs:N0} ms, durable 4 KiB write {syncs[syncs.Count / 2]:N2} ms (median of 50), load {File.ReadAllText("/proc/loadavg").Trim()}";
    }
}
