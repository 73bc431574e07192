using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CommunityFund.Serialization;

namespace CommunityFund.Economy;

/// <summary>How a <see cref="SaleRecord"/> is stored (issue 20): the kernel's record JSON (ISO dates, enums by name)
/// with only the facts. Computed properties (<see cref="SaleRecord.Distributed"/>, <see cref="SaleRecord.Refundable"/>,
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
}
