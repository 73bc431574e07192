using CommunityFund.Serialization;

namespace CommunityFund;

/// <summary>Writes a <see cref="Currency"/> as its code.</summary>
public sealed class CurrencyJsonConverter : StringValueJsonConverter<Currency>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out Currency value)
    {
        var found = Currency.TryFromCode(text, out var currency);
        value = currency!;
        return found;
    }

    /// <inheritdoc />
    protected override string Format(Currency value) => value.Code;
}
