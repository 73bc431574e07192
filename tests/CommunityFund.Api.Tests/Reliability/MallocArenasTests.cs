using CommunityFund.Api.Infrastructure;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary>The API caps glibc's malloc arenas at start (the SQLite soak's resident set grew outside the managed heap,
/// one arena's high-water mark after another), unless the operator's environment already sets the cap.</summary>
public class MallocArenasTests
{
    [Fact]
    public void OnGlibc_TheArenasAreCappedAtTwo_UnlessTheOperatorsEnvironmentSetsTheCap()
    {
        var operatorsCap = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 };

        var limit = MallocArenas.Limit();

        Assert.Equal(OperatingSystem.IsLinux() && !operatorsCap ? MallocArenas.Default : null, limit);
    }

    [Fact]
    public void OnGlibc_FreePagesAreGivenBack_AfterAScan()
    {
        // malloc_trim answers 1 when it gave memory back. Many small native blocks (below the size glibc maps on its
        // own, so they come from an arena's heap) are freed but every thousandth, which pins the free runs between them
        // inside the heap, where only a trim gives their pages back.
        var blocks = Enumerable.Range(0, 100_000).Select(_ => System.Runtime.InteropServices.Marshal.AllocHGlobal(512)).ToList();
        blocks.ForEach(block => System.Runtime.InteropServices.Marshal.WriteInt64(block, 42));
        var kept = blocks.Where((_, i) => i % 1_000 == 999).ToList();
        blocks.Where((_, i) => i % 1_000 != 999).ToList().ForEach(System.Runtime.InteropServices.Marshal.FreeHGlobal);

        var trimmed = MallocArenas.Trim();

        kept.ForEach(System.Runtime.InteropServices.Marshal.FreeHGlobal);
        Assert.Equal(OperatingSystem.IsLinux(), trimmed);
    }
}
