using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

/// <summary>
/// Loaded by the runtime before the API's <c>Main</c> when <c>DOTNET_STARTUP_HOOKS</c> names this assembly. Every
/// 500 ms it writes one line to <c>allocation-PID.txt</c> in the folder <c>COMMUNITYFUND_ALLOCATION_DIR</c> names: the
/// bytes allocated since the process started and the gen 0, 1 and 2 collections so far. With <c>COMMUNITYFUND_ALLOCATION_TYPES=1</c> it also listens to
/// the runtime's allocation ticks (one every ≈ 100 KB) and writes the bytes by type to the same file + <c>.types</c>
/// (a diagnosis aid; the listener costs CPU, so a measured run leaves it off).
/// </summary>
internal static class StartupHook
{
    /// <summary>Starts the probe (the runtime's startup-hook entry point).</summary>
    public static void Initialize()
    {
        var folder = Environment.GetEnvironmentVariable("COMMUNITYFUND_ALLOCATION_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        var file = Path.Combine(folder, $"allocation-{Environment.ProcessId}.txt");

        var types = Environment.GetEnvironmentVariable("COMMUNITYFUND_ALLOCATION_TYPES") == "1" ? new AllocationTypes() : null;
        var thread = new Thread(() => Write(file, types)) { IsBackground = true, Name = "allocation probe" };
        thread.Start();
    }

    private static void Write(string file, AllocationTypes? types)
    {
        var temporary = file + ".tmp";
        while (true)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{GC.GetTotalAllocatedBytes()} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}");
            File.WriteAllText(temporary, line);
            File.Move(temporary, file, overwrite: true);
            if (types is not null)
            {
                File.WriteAllLines(file + ".types", types.Largest(60));
            }

            Thread.Sleep(500);
        }
    }

    /// <summary>The bytes allocated by type, from the runtime's allocation-tick events.</summary>
    private sealed class AllocationTypes : EventListener
    {
        private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

        internal IEnumerable<string> Largest(int count) =>
            _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value} {p.Key}"));

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword: AllocationTick at Verbose
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is not { } names)
            {
                return;
            }

            var type = names.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
            var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], CultureInfo.InvariantCulture) : 100_000;
            _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
        }
    }
}
