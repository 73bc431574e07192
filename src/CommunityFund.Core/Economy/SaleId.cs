namespace CommunityFund.Economy;

/// <summary>Identifies a recorded sale.</summary>
/// <param name="Value">The UUID.</param>
[System.Text.Json.Serialization.JsonConverter(typeof(SaleIdJsonConverter))]
public readonly record struct SaleId(Guid Value)
{
    /// <summary>Returns the UUID.</summary>
    public override string ToString() => Value.ToString("D");
}
