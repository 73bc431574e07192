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

        var (amount, currencyCode) = ReadMembers(ref reader);
        return ToMoney(amount, currencyCode);
    }

    /// <summary>Reads the object's members up to its end; either is <c>null</c> when absent.</summary>
    private static (string? Amount, string? CurrencyCode) ReadMembers(ref Utf8JsonReader reader)
    {
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
                    amount = ReadStringOnce(ref reader, "amount", amount, "\"12.34\"", ": numbers are refused so that no float rounding can occur");
                    break;
                case "currency":
                    currencyCode = ReadStringOnce(ref reader, "currency", currencyCode, "\"CNY\"", string.Empty);
                    break;
                default:
                    throw new JsonException($"Money has an unknown member '{name}'; only 'amount' and 'currency' are allowed.");
            }
        }

        return (amount, currencyCode);
    }

    /// <summary>The string value of a member met for the first time.</summary>
    /// <param name="reader">The reader, on the member's value.</param>
    /// <param name="name">The member's name.</param>
    /// <param name="previous">The value already read for the member, or <c>null</c>.</param>
    /// <param name="example">A valid value, quoted, for the message.</param>
    /// <param name="why">Appended to the message when the value is not a string.</param>
    private static string? ReadStringOnce(ref Utf8JsonReader reader, string name, string? previous, string example, string why)
    {
        if (previous is not null)
        {
            throw new JsonException($"Money has '{name}' twice.");
        }

        return reader.TokenType == JsonTokenType.String
            ? reader.GetString()
            : throw new JsonException($"Money '{name}' must be a string such as {example}, not {Describe(reader.TokenType)}{why}.");
    }

    private static Money ToMoney(string? amount, string? currencyCode)
    {
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
