namespace CommunityFund.LoadTool;

/// <summary>The API's and the machine's usage read at one end of a measured window (<see cref="ServerUsage"/>,
/// <see cref="MachineUsage"/>); the end's reading gives a window's figures what the API and the machine used a request
/// since the start's.</summary>
internal readonly record struct WindowUsage(ServerUsage Server, MachineUsage Machine)
{
    /// <summary>The API process's and the machine's usage now.</summary>
    internal static WindowUsage Of(int serverProcess) => new(ServerUsage.Of(serverProcess), MachineUsage.Now());

    /// <summary><paramref name="measured"/> with the API's CPU, allocations and gen 0 collections a request and the
    /// machine's CPU split, from <paramref name="start"/> to this reading, over <paramref name="requests"/> requests.</summary>
    internal HttpScenario.Measured Since(WindowUsage start, HttpScenario.Measured measured, int requests) =>
        measured with
        {
            CpuMillisecondsPerRequest = Server.CpuMillisecondsPerRequest(start.Server, requests),
            AllocatedKilobytesPerRequest = Server.AllocatedKilobytesPerRequest(start.Server, requests),
            Gen0PerThousandRequests = Server.Gen0PerThousandRequests(start.Server, requests),
            Cpu = Machine.Since(start.Machine, Server.CpuSeconds - start.Server.CpuSeconds, requests),
        };
}
