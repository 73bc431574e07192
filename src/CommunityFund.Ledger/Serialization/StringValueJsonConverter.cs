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
