using CommunityFund.Serialization;

namespace CommunityFund.Ledger;

/// <summary>Writes an <see cref="EntityId"/> as its slug.</summary>
public sealed class EntityIdJsonConverter : StringValueJsonConverter<EntityId>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out EntityId value) => EntityId.TryFrom(text, out value);

    /// <inheritdoc />
    protected override string Format(EntityId value) => value.Value;
}
