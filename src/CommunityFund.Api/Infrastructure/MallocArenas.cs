using System.Globalization;
using System.Runtime.InteropServices;

namespace CommunityFund.Api.Infrastructure;

/// <summary>
/// Caps glibc's malloc arenas for the process (docs/reliability.md, the fifth round of the soak). glibc gives each thread
/// that allocates natively an arena of its own, up to eight per core, and an arena keeps the high-water mark of what its
/// threads ever allocated; SQLite allocates natively on whichever pool thread runs a query, so the resident set grows
/// by one arena's peak after another as the books and the audits grow, outside the managed heap. Two arenas bound
/// that sum. An operator's own <c>MALLOC_ARENA_MAX</c> is left alone; elsewhere than glibc on Linux nothing is done.
/// </summary>
public static class MallocArenas
{
    /// <summary>The arenas the process keeps unless <c>MALLOC_ARENA_MAX</c> says otherwise.</summary>
    public const int Default = 2;

    private const int ArenaMax = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>Caps the arenas, as early in the process as possible (before most threads have allocated).</summary>
    /// <returns>The cap set, or <c>null</c> when none was (not glibc, or the environment already sets one).</returns>
    public static int? Limit()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 })
        {
            return null;
        }

        try
        {
            return MallOpt(ArenaMax, Default) == 1 ? Default : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, for instance): its allocator has no such arenas.
            return null;
        }
    }

    /// <summary>Gives the free pages of every arena back to the system (glibc's <c>malloc_trim</c>), after a whole-ledger
    /// scan has made its native peak; elsewhere than glibc on Linux nothing is done.</summary>
    /// <returns>Whether memory was given back.</returns>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The cap in force, as a string for the start-up log.</summary>
    public static string Describe(int? limit) =>
        limit is { } n ? n.ToString(CultureInfo.InvariantCulture) : Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "glibc's default";

    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);

    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
