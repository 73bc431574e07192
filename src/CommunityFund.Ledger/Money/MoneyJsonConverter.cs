using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommunityFund;

/// <summary>
/// Reads and writes <see cref="Money"/> as <c>{ "amount": "12.34", "currency": "CNY" }</c>: the amount is a string,
/// never a JSON number, so no float ever touches it.
/// </summary>
/// <remarks>
/// Reading is strict and names the problem in the <see cref="JsonException"/> message: a number instead of a string,
/// more decimal places than the unit allows, an unknown currency, a missing, duplicated or unknown member.
/// </remarks>
public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    /// <inheritdoc />
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A money value must be an object {{ \"amount\": \"12.34\", \"currency\": \"CNY\" }}, not {Describe(reader.TokenType)}.");
        }

        string? amount = null;
        string? currencyCode = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "amount":
                    if (amount is not null)
                    {
                        throw new JsonException("Money has 'amount' twice.");
                    }

                    amount = reader.TokenType == JsonTokenType.String
                        ? reader.GetString()
                        : throw new JsonException($"Money 'amount' must be a string such as \"12.34\", not {Describe(reader.TokenType)}: numbers are refused so that no float rounding can occur.");
                    break;
                case "currency":
                    if (currencyCode is not null)
                    {
                        throw new JsonException("Money has 'currency' twice.");
                    }

                    currencyCode = reader.TokenType == JsonTokenType.String
                        ? reader.GetString()
                        : throw new JsonException($"Money 'currency' must be a string such as \"CNY\", not {Describe(reader.TokenType)}.");
                    break;
                default:
                    throw new JsonException($"Money has an unknown member '{name}'; only 'amount' and 'currency' are allowed.");
            }
        }

        if (amount is null)
        {
            throw new JsonException("Money is missing 'amount'.");
        }

        if (currencyCode is null)
        {
            throw new JsonException("Money is missing 'currency'.");
        }

        if (!Currency.TryFromCode(currencyCode, out var currency))
        {
            throw new JsonException($"Money 'currency' '{currencyCode}' is unknown; known: {string.Join(", ", Currency.All.Select(c => c.Code))}.");
        }

        return Money.TryParse(amount, currency, out var money, out var error)
            ? money
            : throw new JsonException($"Money 'amount': {error}");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("amount", value.ToAmountString());
        writer.WriteString("currency", value.Currency.Code);
        writer.WriteEndObject();
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.String => "a string",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };
}
