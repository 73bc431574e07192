namespace CommunityFund.Economy;

/// <summary>Writes a <see cref="SaleId"/> as its UUID.</summary>
public sealed class SaleIdJsonConverter : Serialization.StringValueJsonConverter<SaleId>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out SaleId value)
    {
        var ok = Guid.TryParseExact(text, "D", out var guid);
        value = new SaleId(guid);
        return ok;
    }

    /// <inheritdoc />
    protected override string Format(SaleId value) => value.ToString();
}
