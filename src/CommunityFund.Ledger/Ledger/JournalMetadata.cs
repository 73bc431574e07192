using System.Collections.Immutable;

namespace CommunityFund.Ledger;

/// <summary>Helpers for journal metadata.</summary>
public static class JournalMetadata
{
    /// <summary>The longest metadata key.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The longest metadata value.</summary>
    public const int MaxValueLength = 2_000;

    /// <summary>No metadata.</summary>
    public static ImmutableSortedDictionary<string, string> Empty { get; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Metadata from pairs.</summary>
    /// <param name="pairs">Key–value pairs.</param>
    /// <returns>The metadata, keys in ordinal order.</returns>
    public static ImmutableSortedDictionary<string, string> From(params (string Key, string Value)[] pairs) =>
        Empty.AddRange(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}
