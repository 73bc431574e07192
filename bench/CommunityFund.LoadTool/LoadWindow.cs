namespace CommunityFund.LoadTool;

/// <summary>How long load runs untimed, then measured.</summary>
/// <param name="WarmUp">The clients post before the measured window opens. Under this load the API's JIT still takes a
/// fifth of its CPU 12–22 s after its start (tiered re-compilation of the hot methods) and about 1% after 60 s, so the
/// figures of record take 30 s (<c>--http-warm-up 30</c>; docs/performance.md, "Tenth session").</param>
/// <param name="Measured">The measured window.</param>
internal sealed record LoadWindow(TimeSpan WarmUp, TimeSpan Measured)
{
    /// <summary><paramref name="seconds"/> measured after <paramref name="warmUpSeconds"/> of warm-up, or half the measured
    /// time when that is 0.</summary>
    internal static LoadWindow Of(int seconds, int warmUpSeconds = 0) =>
        new(TimeSpan.FromSeconds(warmUpSeconds > 0 ? warmUpSeconds : seconds / 2.0), TimeSpan.FromSeconds(seconds));
}
