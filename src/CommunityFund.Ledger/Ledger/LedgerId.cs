using System.Text.Json.Serialization;

namespace CommunityFund.Ledger;

/// <summary>
/// Identifies a ledger: the books of one community economy run by one hub. A slug such as <c>yulin-community</c>:
/// 1–64 lower-case ASCII letters, digits and inner hyphens. Equality and ordering are ordinal.
/// The default value is invalid (its <see cref="Value"/> is <c>null</c>).
/// </summary>
[JsonConverter(typeof(LedgerIdJsonConverter))]
public readonly record struct LedgerId : IComparable<LedgerId>
{
    private LedgerId(string value) => Value = value;

    /// <summary>The slug.</summary>
    public string Value { get; }

    /// <summary>Creates an id, validating the slug.</summary>
    /// <param name="value">The slug.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The slug is not valid.</exception>
    public static LedgerId From(string value) => new(Slug.Check(value, nameof(value), "ledger"));

    /// <summary>Creates an id without throwing.</summary>
    /// <param name="value">The slug.</param>
    /// <param name="id">The id, when valid.</param>
    /// <returns><c>true</c> when valid.</returns>
    public static bool TryFrom(string? value, out LedgerId id)
    {
        id = Slug.IsValid(value) ? new LedgerId(value) : default;
        return id.Value is not null;
    }

    /// <inheritdoc />
    public int CompareTo(LedgerId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Returns the slug.</summary>
    public override string ToString() => Value ?? string.Empty;
}
