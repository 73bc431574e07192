using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>Shared rules for the slug-style identifiers of ledgers and entities.</summary>
internal static class Slug
{
    internal const int MaxLength = 64;

    internal static bool IsValid([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    internal static string Check(string value, string paramName, string what)
    {
        Preconditions.CheckNotNull(value, paramName);
        Preconditions.CheckArgument(IsValid(value), paramName,
            $"'{value}' is not a valid {what} id: use 1–{MaxLength} lower-case letters, digits and inner hyphens, e.g. 'jinjiang-hub'.");
        return value;
    }
}

/// <summary>
/// Identifies a posted journal: a UUID version 7, so ids sort roughly by the time they were recorded.
/// </summary>
/// <param name="Value">The UUID.</param>
[JsonConverter(typeof(JournalIdJsonConverter))]
public readonly record struct JournalId(Guid Value) : IComparable<JournalId>
{
    /// <summary>A new version-7 id for the given recording instant.</summary>
    /// <param name="recordedAt">When the journal is recorded.</param>
    /// <returns>The id.</returns>
    public static JournalId NewId(NodaTime.Instant recordedAt) =>
        new(Guid.CreateVersion7(recordedAt.ToDateTimeOffset()));

    /// <inheritdoc />
    public int CompareTo(JournalId other) => Value.CompareTo(other.Value);

    /// <summary>Returns the UUID in its hyphenated lower-case form.</summary>
    public override string ToString() => Value.ToString("D");
}
