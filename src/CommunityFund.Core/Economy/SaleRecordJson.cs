using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CommunityFund.Serialization;

namespace CommunityFund.Economy;

/// <summary>How a <see cref="SaleRecord"/> is stored (issue 20): the kernel's record JSON (ISO dates, enums by name)
/// with only the facts, short property names and values equal to their type's default left out (version 3; see
/// <see cref="ShortNames"/>, ADR 0028), and amounts as one string (<c>"306.00 CNY"</c>; the object form of earlier records reads too). Computed properties (<see cref="SaleRecord.Distributed"/>, <see cref="SaleRecord.Refundable"/>,
/// a partition's total, …), <c>null</c>s and the empty deliveries and refunds are left out; reading fills them in as
/// their declarations do. Records written before, which carry them all, read the same: a computed value in the JSON
/// has nothing to set and is skipped.</summary>
internal static class SaleRecordJson
{
    /// <summary>The version of the sale record's schema this program writes: 3, short property names (<see cref="ShortNames"/>)
    /// and values equal to their type's default left out (issue 20).</summary>
    internal const int SchemaVersion = 3;

    /// <summary>The serializer options of the sale record (schema version 3).</summary>
    internal static JsonSerializerOptions Options { get; } = Create(shortNames: true);

    /// <summary>The options of versions 1 and 2: the properties' own names, only <c>null</c>s left out.</summary>
    private static readonly JsonSerializerOptions LongNames = Create(shortNames: false);

    /// <summary>Each property's stored name since version 3 (one name per property name, so no two properties of a type
    /// meet); a property not listed keeps its own name.</summary>
    internal static IReadOnlyDictionary<string, string> ShortNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Id"] = "i", ["Journal"] = "j", ["Order"] = "o", ["Request"] = "r", ["PackageVersion"] = "pv", ["Sessions"] = "s", ["Amount"] = "a",
        ["Base"] = "b", ["PolicyReference"] = "pr", ["SessionsDelivered"] = "sd", ["Recognised"] = "rc", ["RecognisedBase"] = "rb",
        ["Deliveries"] = "dl", ["Distributions"] = "d", ["Refunds"] = "rf", ["RefundCarry"] = "rk",
        ["Provider"] = "p", ["PackageId"] = "k", ["Tier"] = "t", ["Quantity"] = "q", ["UnitPrice"] = "u", ["Channel"] = "c", ["Date"] = "dt",
        ["ResidentReference"] = "rr", ["Vat"] = "v", ["VatOverrideReason"] = "vr", ["Prepaid"] = "pp", ["PaymentReference"] = "py",
        ["Parts"] = "pt", ["Rounding"] = "rd", ["CarryAfter"] = "ca", ["HubVat"] = "hv", ["Hub"] = "h", ["Fund"] = "f",
        ["Reversed"] = "rv", ["Absorbed"] = "ab", ["HubStatementItem"] = "hs", ["FundStatementItem"] = "fs", ["HubClawback"] = "hc",
        ["FundClawback"] = "fc", ["HubVatReversed"] = "hvr",
    };

    /// <summary>Upgrades a stored sale to the current schema: version 1 reads as version 2 does; a version 2 record (long
    /// names) is read with the long names and written again in the short form. Records of version 3 need no step.</summary>
    internal static JsonNode Upgrade(int version, JsonNode json) =>
        version == 2 ? JsonSerializer.SerializeToNode(json.Deserialize<SaleRecord>(LongNames), Options)! : json;

    private static JsonSerializerOptions Create(bool shortNames)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            WriteIndented = false,
            DefaultIgnoreCondition = shortNames ? JsonIgnoreCondition.WhenWritingDefault : JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { shortNames ? OnlyFactsShortNamed : OnlyFacts } },
        };
        options.Converters.Add(new CompactMoney());
        options.Converters.Add(new IsoLocalDateJsonConverter());
        options.Converters.Add(new IsoYearMonthJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    private static void OnlyFactsShortNamed(JsonTypeInfo type)
    {
        OnlyFacts(type);
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (ShortNames.TryGetValue(property.Name, out var name))
            {
                property.Name = name;
            }
        }
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
