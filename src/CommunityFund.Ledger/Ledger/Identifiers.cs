using CommunityFund.Serialization;
using System.Text.Json.Serialization;
using System.Diagnostics.CodeAnalysis;
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

/// <summary>
/// Identifies an accounting entity within its ledger (a provider, the hub, the community fund, the community).
/// A slug such as <c>hub</c> or <c>elder-care-centre</c>, with the same rules as <see cref="LedgerId"/>.
/// The default value is invalid.
/// </summary>
[JsonConverter(typeof(EntityIdJsonConverter))]
public readonly record struct EntityId : IComparable<EntityId>
{
    private EntityId(string value) => Value = value;

    /// <summary>The slug.</summary>
    public string Value { get; }

    /// <summary>Creates an id, validating the slug.</summary>
    /// <param name="value">The slug.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The slug is not valid.</exception>
    public static EntityId From(string value) => new(Slug.Check(value, nameof(value), "entity"));

    /// <summary>Creates an id without throwing.</summary>
    /// <param name="value">The slug.</param>
    /// <param name="id">The id, when valid.</param>
    /// <returns><c>true</c> when valid.</returns>
    public static bool TryFrom(string? value, out EntityId id)
    {
        id = Slug.IsValid(value) ? new EntityId(value) : default;
        return id.Value is not null;
    }

    /// <inheritdoc />
    public int CompareTo(EntityId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Returns the slug.</summary>
    public override string ToString() => Value ?? string.Empty;
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
