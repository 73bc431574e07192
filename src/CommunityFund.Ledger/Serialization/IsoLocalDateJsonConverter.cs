namespace CommunityFund.Serialization;

/// <summary>Writes a NodaTime <see cref="NodaTime.LocalDate"/> as ISO <c>yyyy-MM-dd</c>.</summary>
public sealed class IsoLocalDateJsonConverter : StringValueJsonConverter<NodaTime.LocalDate>
{
    /// <inheritdoc />
    protected override bool TryParse(string text, out NodaTime.LocalDate value)
    {
        var result = NodaTime.Text.LocalDatePattern.Iso.Parse(text);
        value = result.Success ? result.Value : default;
        return result.Success;
    }

    /// <inheritdoc />
    protected override string Format(NodaTime.LocalDate value) => NodaTime.Text.LocalDatePattern.Iso.Format(value);
}
