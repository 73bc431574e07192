namespace CommunityFund.Browser.Tests.Harness;

/// <summary>A theory in a real browser: skipped, with the reason, when Chromium is missing outside CI; run (and failing) in CI.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser tests cannot run here.</summary>
    public BrowserTheoryAttribute() => Skip = Chromium.SkipReason;
}
