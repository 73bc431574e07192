using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CommunityFund.Serialization;

namespace CommunityFund.Economy;

/// <summary>How a <see cref="SaleRecord"/> is stored (issue 20): the kernel's record JSON (ISO dates, enums by name)
/// with only the facts, and amounts as one string (<c>"306.00 CNY"</c>; the object form of earlier records reads too). Computed properties (<see cref="SaleRecord.Distributed"/>, <see cref="SaleRecord.Refundable"/>,
/// a partition's total, …), <c>null</c>s and the empty deliveries and refunds are left out; reading fills them in as
/// their declarations do. Records written before, which carry them all, read the same: a computed value in the JSON
/// has nothing to set and is skipped.</summary>
internal static class SaleRecordJson
{
    /// <summary>The serializer options of the sale record.</summary>
    internal static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OnlyFacts } },
        };
        options.Converters.Add(new CompactMoney());
        options.Converters.Add(new IsoLocalDateJsonConverter());
        options.Converters.Add(new IsoYearMonthJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>Leaves out what reading recomputes: properties without a setter that no constructor parameter takes, and
    /// the sale's empty lists (their declarations start them empty).</summary>
    private static void OnlyFacts(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.Set is null && property.AssociatedParameter is null)
            {
                property.ShouldSerialize = static (_, _) => false;
            }
            else if (type.Type == typeof(SaleRecord) && property.Name is nameof(SaleRecord.Deliveries) or nameof(SaleRecord.Refunds))
            {
                property.ShouldSerialize = static (_, value) => value is not ICollection { Count: 0 };
            }
        }
    }

    /// <summary>An amount as <c>"306.00 CNY"</c> (its <see cref="Money.ToString"/>); reads that or the API's object form.</summary>
    private sealed class CompactMoney : JsonConverter<Money>
    {
        private static readonly MoneyJsonConverter ObjectForm = new();

        public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return ObjectForm.Read(ref reader, typeToConvert, options);
            }

            var text = reader.GetString()!;
            var space = text.LastIndexOf(' ');
            return space > 0 && Currency.TryFromCode(text[(space + 1)..], out var currency) && Money.TryParse(text[..space], currency, out var money, out _)
                ? money
                : throw new JsonException($"'{text}' is not an amount such as \"306.00 CNY\".");
        }

        public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
        {
            if (value.Equals(default(Money)))
            {
                ObjectForm.Write(writer, value, options);
                return;
            }

            writer.WriteStringValue(value.ToString());
        }
    }
}
