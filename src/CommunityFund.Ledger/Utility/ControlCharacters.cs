using System.Buffers;

namespace CommunityFund.Utility;

/// <summary>The control characters (<see cref="char.IsControl(char)"/>: U+0000–U+001F and U+007F–U+009F), found with a
/// vectorised search and without the enumerator <c>text.Any(char.IsControl)</c> allocates.</summary>
internal static class ControlCharacters
{
    private static readonly SearchValues<char> All = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private static readonly SearchValues<char> AllButLineFeed = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c != '\n').Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    /// <summary>Whether <paramref name="text"/> has a control character.</summary>
    internal static bool In(ReadOnlySpan<char> text) => text.ContainsAny(All);

    /// <summary>Whether <paramref name="text"/> has a control character other than a line feed (a memo may have lines).</summary>
    internal static bool OtherThanLineFeedIn(ReadOnlySpan<char> text) => text.ContainsAny(AllButLineFeed);
}
