using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommunityFund.Storage;

/// <summary>
/// One kind of record kept beside the journals, typed: its kind name, the version of its schema, and how it is written
/// and read. A record is written with the current <see cref="SchemaVersion"/>; reading one written with an older version
/// upgrades it step by step (<see cref="Upgrade"/>), and reading one written by a newer program is refused
/// (<see cref="RecordSchemaException"/>) rather than misread.
/// </summary>
/// <typeparam name="T">The record's type.</typeparam>
public sealed class RecordType<T>
{
    private const int SharedCapacity = 1_024;
    private readonly ConcurrentDictionary<string, T> _shared = new(StringComparer.Ordinal);
    private readonly JsonSerializerOptions? _options;

    /// <summary>Creates a record type.</summary>
    /// <param name="kind">The kind name, unique in a ledger (e.g. <c>sale</c>).</param>
    /// <param name="schemaVersion">The version of the schema this program writes (1 or more).</param>
    /// <param name="upgrade">Upgrades the JSON of a record from the version given to the next one; <c>null</c> when
    /// every older version reads as the current one.</param>
    public RecordType(string kind, int schemaVersion = 1, Func<int, JsonNode, JsonNode>? upgrade = null)
        : this(kind, schemaVersion, null, upgrade)
    {
    }

    /// <summary>Creates a record type whose JSON has its own serializer options (for records whose stored form
    /// predates <see cref="RecordType{T}"/>).</summary>
    /// <param name="kind">The kind name, unique in a ledger.</param>
    /// <param name="schemaVersion">The version of the schema this program writes (1 or more).</param>
    /// <param name="options">The serializer options of the record's JSON; <c>null</c> for the kernel's.</param>
    /// <param name="upgrade">Upgrades the JSON of a record from the version given to the next one.</param>
    public RecordType(string kind, int schemaVersion, JsonSerializerOptions? options, Func<int, JsonNode, JsonNode>? upgrade = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentOutOfRangeException.ThrowIfLessThan(schemaVersion, 1);
        Kind = kind;
        SchemaVersion = schemaVersion;
        Upgrade = upgrade;
        _options = options;
    }

    /// <summary>The kind name.</summary>
    public string Kind { get; }

    /// <summary>The version of the schema this program writes.</summary>
    public int SchemaVersion { get; }

    /// <summary>Upgrades a record's JSON from the version given to the next one, if any step is needed.</summary>
    public Func<int, JsonNode, JsonNode>? Upgrade { get; }

    /// <summary>The record to store.</summary>
    /// <param name="key">Its key, unique per kind and ledger.</param>
    /// <param name="owner">The entity it belongs to, for listing by owner; or <c>null</c>.</param>
    /// <param name="order">Its position for listing.</param>
    /// <param name="value">The value.</param>
    /// <returns>The record.</returns>
    public LedgerDocument Write(string key, string? owner, long order, T value) =>
        (_options is null ? DocumentJson.Document(Kind, key, owner, order, value) : new LedgerDocument(Kind, key, owner, order, JsonSerializer.Serialize(value, _options)))
        with { SchemaVersion = SchemaVersion };

    /// <summary>Reads a stored record of this kind.</summary>
    /// <param name="document">The stored record.</param>
    /// <returns>The value.</returns>
    /// <exception cref="RecordSchemaException">The record is of another kind, or was written by a newer program.</exception>
    public T Read(LedgerDocument document) => Deserialize(Current(document));

    /// <summary>Reads a stored record of this kind, sharing the value with earlier reads of the same content (for
    /// immutable values read often, such as package terms).</summary>
    /// <param name="document">The stored record.</param>
    /// <returns>The value.</returns>
    public T ReadShared(LedgerDocument document)
    {
        var current = Current(document);
        if (_shared.TryGetValue(current.Json, out var value))
        {
            return value;
        }

        value = Deserialize(current);
        if (_shared.Count >= SharedCapacity)
        {
            _shared.Clear();
        }

        _shared[current.Json] = value;
        return value;
    }

    private T Deserialize(LedgerDocument document) =>
        _options is null
            ? DocumentJson.Read<T>(document)
            : JsonSerializer.Deserialize<T>(document.Json, _options) ?? throw new RecordSchemaException($"Record {Kind}/{document.Key} is empty.");

    private LedgerDocument Current(LedgerDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Kind != Kind)
        {
            throw new RecordSchemaException($"Record {document.Kind}/{document.Key} is not a '{Kind}' record.");
        }

        if (document.SchemaVersion > SchemaVersion)
        {
            throw new RecordSchemaException(
                $"Record {Kind}/{document.Key} was written with schema version {document.SchemaVersion}; this program reads '{Kind}' up to version {SchemaVersion}. Upgrade the program.");
        }

        if (document.SchemaVersion == SchemaVersion || Upgrade is null)
        {
            return document;
        }

        var json = JsonNode.Parse(document.Json) ?? throw new RecordSchemaException($"Record {Kind}/{document.Key} is empty.");
        for (var version = document.SchemaVersion; version < SchemaVersion; version++)
        {
            json = Upgrade(version, json);
        }

        return document with { Json = json.ToJsonString(), SchemaVersion = SchemaVersion };
    }
}
