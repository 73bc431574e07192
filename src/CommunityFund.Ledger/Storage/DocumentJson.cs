using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityFund.Serialization;

namespace CommunityFund.Storage;

/// <summary>How the services above the kernel keep their records as <see cref="LedgerDocument"/>s: compact JSON with
/// ISO dates and enums by name.</summary>
internal static class DocumentJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    internal static LedgerDocument Document<T>(string kind, string key, string? owner, long order, T value) =>
        new(kind, key, owner, order, JsonSerializer.Serialize(value, Options));

    internal static T? ReadElement<T>(JsonElement element) => element.Deserialize<T>(Options);

    internal static T Read<T>(LedgerDocument document) =>
        JsonSerializer.Deserialize<T>(document.Json, Options) ?? throw new InvalidDataException($"Document {document.Kind}/{document.Key} is empty.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General) { WriteIndented = false };
        options.Converters.Add(new IsoLocalDateJsonConverter());
        options.Converters.Add(new IsoYearMonthJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
