using System.Globalization;

namespace CommunityFund.LoadTool;

/// <summary>
/// What the whole machine has used so far, read at both ends of a measured window: its cores' busy and all time
/// (<c>/proc/stat</c>) and the CPU of every PostgreSQL server process (<c>/proc/PID/stat</c> of the processes named
/// <c>postgres</c>, with what their ended children used), so that a window can say where a request's CPU went: the
/// API, the database server, and the rest (the clients, and anything else running).
/// </summary>
internal readonly record struct MachineUsage(long BusyTicks, long AllTicks, long PostgresTicks)
{
    /// <summary>Clock ticks a second in <c>/proc</c> (<c>USER_HZ</c>, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>The machine's usage now.</summary>
    internal static MachineUsage Now()
    {
        // cpu  user nice system idle iowait irq softirq steal …
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var all = cpu.Sum();
        return new MachineUsage(all - cpu[3] - cpu[4], all, PostgresTicksNow());
    }

    /// <summary>Where a request's CPU went since <paramref name="before"/>, given the API's CPU seconds over the same
    /// window; <c>null</c> when no request was made.</summary>
    internal CpuSplit? Since(MachineUsage before, double apiCpuSeconds, int requests)
    {
        if (requests == 0 || AllTicks == before.AllTicks)
        {
            return null;
        }

        var busy = (BusyTicks - before.BusyTicks) / TicksPerSecond;
        var postgres = (PostgresTicks - before.PostgresTicks) / TicksPerSecond;
        double PerRequest(double seconds) => seconds * 1000 / requests;
        return new CpuSplit((double)(BusyTicks - before.BusyTicks) / (AllTicks - before.AllTicks),
            PerRequest(apiCpuSeconds), PerRequest(postgres), PerRequest(Math.Max(0, busy - apiCpuSeconds - postgres)));
    }

    private static long PostgresTicksNow()
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(directory)[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                // After "(comm) ": state is field 3; utime, stime, cutime, cstime are fields 14-17.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read.
            }
        }

        return ticks;
    }
}

/// <summary>Where a measured window's CPU went, per request.</summary>
/// <param name="Busy">The fraction of the cores' time that was busy.</param>
/// <param name="Api">The API process's CPU milliseconds a request.</param>
/// <param name="Postgres">The PostgreSQL server processes' CPU milliseconds a request.</param>
/// <param name="Rest">Every other busy CPU millisecond a request (the clients, and anything else running).</param>
internal sealed record CpuSplit(double Busy, double Api, double Postgres, double Rest)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"cores {Busy * 100:N0}% busy, CPU a sale: API {Api:N2}, PostgreSQL {Postgres:N2}, the rest {Rest:N2} ms (all {Api + Postgres + Rest:N2})");
}
