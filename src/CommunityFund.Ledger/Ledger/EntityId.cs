using System.Text.Json.Serialization;

namespace CommunityFund.Ledger;

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
