using System.Globalization;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>Cached parameter names.</summary>
internal static class ParameterNames
{
    private static readonly string[] Names = [.. Enumerable.Range(0, 4096).Select(i => "@p" + i.ToString(CultureInfo.InvariantCulture))];

    internal static string Get(int index) => index < Names.Length ? Names[index] : "@p" + index.ToString(CultureInfo.InvariantCulture);
}
