using System.Diagnostics;
using System.Globalization;

namespace CommunityFund.LoadTool;

/// <summary>
/// What a server process has used so far, read at both ends of a measured window: its CPU (user + system, from
/// <c>/proc/PID/stat</c>) and, when its allocation probe runs (<c>bench/CommunityFund.AllocationProbe</c>, a startup
/// hook <see cref="AddAllocationProbe"/> puts into the process), the bytes it has allocated and its gen 0 collections.
/// </summary>
internal readonly record struct ServerUsage(double CpuSeconds, long? AllocatedBytes, long? Gen0Collections)
{
    /// <summary>Where the probes write their figures (the files of processes that have ended are removed when the tool
    /// starts: the tool kills the API, so a probe cannot remove its own).</summary>
    private static string AllocationFolder { get; } = AllocationFolderWithoutEndedProcesses();

    /// <summary>The process's usage now (the probe's figures at most 500 ms old).</summary>
    internal static ServerUsage Of(int pid)
    {
        var file = Path.Combine(AllocationFolder, $"allocation-{pid}.txt");
        var probe = File.Exists(file) ? File.ReadAllText(file).Split(' ') : null;
        return new ServerUsage(CpuSecondsOf(pid),
            probe is null ? null : long.Parse(probe[0], CultureInfo.InvariantCulture),
            probe is null ? null : long.Parse(probe[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Loads the allocation probe, built beside this tool, into the process <paramref name="info"/> starts.</summary>
    internal static void AddAllocationProbe(ProcessStartInfo info)
    {
        info.Environment["DOTNET_STARTUP_HOOKS"] = Path.Combine(AppContext.BaseDirectory, "CommunityFund.AllocationProbe.dll");
        info.Environment["COMMUNITYFUND_ALLOCATION_DIR"] = AllocationFolder;
    }

    /// <summary>The CPU milliseconds a request since <paramref name="before"/>.</summary>
    internal double CpuMillisecondsPerRequest(ServerUsage before, int requests) =>
        requests == 0 ? double.NaN : (CpuSeconds - before.CpuSeconds) * 1000 / requests;

    /// <summary>The kilobytes allocated a request since <paramref name="before"/> (NaN without a probe).</summary>
    internal double AllocatedKilobytesPerRequest(ServerUsage before, int requests) =>
        requests == 0 || AllocatedBytes is not { } now || before.AllocatedBytes is not { } then ? double.NaN : (now - then) / 1e3 / requests;

    /// <summary>The gen 0 collections a 1,000 requests since <paramref name="before"/> (NaN without a probe).</summary>
    internal double Gen0PerThousandRequests(ServerUsage before, int requests) =>
        requests == 0 || Gen0Collections is not { } now || before.Gen0Collections is not { } then ? double.NaN : (now - then) * 1000.0 / requests;

    /// <summary>The user and system CPU time a process has used so far (/proc/PID/stat, clock ticks of 1/100 s).</summary>
    private static double CpuSecondsOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The process's peak resident memory (VmHWM) in MB.</summary>
    internal static double PeakResidentMegabytes(int pid) => MemoryMegabytes(pid.ToString(CultureInfo.InvariantCulture), "VmHWM:");

    /// <summary>A memory figure of <c>/proc/PROCESS/status</c> (<c>VmRSS:</c>, <c>VmHWM:</c>) in MB; PROCESS is a pid or
    /// <c>self</c>. NaN when the process has no such line.</summary>
    internal static double MemoryMegabytes(string process, string field)
    {
        var line = File.ReadLines($"/proc/{process}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static string AllocationFolderWithoutEndedProcesses()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "communityfund-allocation")).FullName;
        foreach (var file in Directory.EnumerateFiles(folder, "allocation-*"))
        {
            var pid = Path.GetFileName(file).Split('-', '.')[1];
            if (!Directory.Exists($"/proc/{pid}"))
            {
                File.Delete(file);
            }
        }

        return folder;
    }
}
