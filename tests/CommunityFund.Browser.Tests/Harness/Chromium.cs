namespace CommunityFund.Browser.Tests.Harness;

/// <summary>The system's Chromium (Debian's <c>chromium</c> package), which Playwright drives; no browser is ever downloaded.</summary>
public static class Chromium
{
    /// <summary>Where it is: <c>CF_CHROMIUM</c> when set, else <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("CF_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Whether it is installed.</summary>
    public static bool IsInstalled => File.Exists(ExecutablePath);

    /// <summary>Whether the run is CI's (<c>CI=true</c>), where the browser tests must run: a missing Chromium fails them.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the browser tests are skipped here, or <c>null</c> when they run (always in CI).</summary>
    public static string? SkipReason => IsInstalled || InCi
        ? null
        : $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium): the browser tests are skipped outside CI; in CI (CI=true) they fail instead.";
}
