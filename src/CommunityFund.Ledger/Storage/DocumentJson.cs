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

    /// <summary>Reads a document of reference data read on every command (packages, policies): the same stored text
    /// is parsed once and the immutable value shared.</summary>
    internal static T ReadShared<T>(LedgerDocument document)
        where T : class
    {
        var cache = SharedValues<T>.Cache;
        if (cache.TryGetValue(document.Json, out var value))
        {
            return value;
        }

        value = Read<T>(document);
        if (cache.Count >= SharedValues<T>.Capacity)
        {
            cache.Clear();
        }

        cache[document.Json] = value;
        return value;
    }

    private static class SharedValues<T>
        where T : class
    {
        internal const int Capacity = 1_024;

        internal static readonly System.Collections.Concurrent.ConcurrentDictionary<string, T> Cache = new(StringComparer.Ordinal);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General) { WriteIndented = false };
        options.Converters.Add(new IsoLocalDateJsonConverter());
        options.Converters.Add(new IsoYearMonthJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
