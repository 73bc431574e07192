namespace CommunityFund.Serialization;

/// <summary>Writes a NodaTime <see cref="NodaTime.YearMonth"/> as <c>yyyy-MM</c>.</summary>
public sealed class IsoYearMonthJsonConverter : StringValueJsonConverter<NodaTime.YearMonth>
{
    private static readonly NodaTime.Text.YearMonthPattern Pattern = NodaTime.Text.YearMonthPattern.CreateWithInvariantCulture("uuuu-MM");

    /// <inheritdoc />
    protected override bool TryParse(string text, out NodaTime.YearMonth value)
    {
        var result = Pattern.Parse(text);
        value = result.Success ? result.Value : default;
        return result.Success;
    }

    /// <inheritdoc />
    protected override string Format(NodaTime.YearMonth value) => Pattern.Format(value);
}
