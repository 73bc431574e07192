using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityFund.Serialization;

/// <summary>Base for value types written as one JSON string and read back with a strict parser.</summary>
/// <typeparam name="T">The value type.</typeparam>
public abstract class StringValueJsonConverter<T> : JsonConverter<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"{typeof(T).Name} must be a JSON string.");
        }

        var text = reader.GetString()!;
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a valid {typeof(T).Name}.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>Parses the text form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value, when valid.</param>
    /// <returns><c>true</c> when valid.</returns>
    protected abstract bool TryParse(string text, out T value);

    /// <summary>Formats the value.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text form.</returns>
    protected abstract string Format(T value);
}

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
