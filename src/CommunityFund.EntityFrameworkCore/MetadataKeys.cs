using System.Collections.Immutable;
using System.Data.Common;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CommunityFund.Ledger;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A journal's metadata as stored since issue 20: its keys (the same few sets on every sale, distribution, refund…)
/// once each in <c>metadata_keys</c> as a JSON array in ordinal order, the journal's <c>metadata_keys</c> column
/// naming that set, and its <c>metadata</c> column only the values, a JSON array in the keys' order. Rows written
/// before (no key set; <c>metadata</c> a JSON object) read as they did, and a journal without metadata is still stored
/// as <c>{}</c>. Either way the map read back is the one written, which is what the chain hashes.
/// </summary>
internal sealed class MetadataKeys
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly InternTable _sets = new("metadata_keys");

    /// <summary>Each journal's stored metadata (key set id and values), the key sets resolved in the append's transaction.</summary>
    internal async Task<Resolved> ResolveAsync(DbSession session, DbTransaction transaction, IReadOnlyList<Journal> journals, CancellationToken cancellationToken)
    {
        var resolved = new Resolved();
        foreach (var journal in journals)
        {
            if (journal.Metadata.Count == 0)
            {
                resolved.Forms.Add((null, "{}"));
                continue;
            }

            var id = await _sets.IdAsync(session, transaction, Array(journal.Metadata.Keys), resolved.Ids, cancellationToken).ConfigureAwait(false);
            resolved.Forms.Add((id, Array(journal.Metadata.Values)));
        }

        return resolved;
    }

    /// <summary>Remembers the key sets of an append that committed.</summary>
    internal void Committed(Resolved resolved) => _sets.Committed(resolved.Ids);

    /// <summary>Strings as a JSON array (only what JSON requires escaped: the values are stored, not shown in a page).</summary>
    internal static string Array(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A JSON array of strings, as <see cref="Array"/> writes it.</summary>
    internal static string[] ReadArray(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var values = new List<string>();
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            values.Add(reader.GetString()!);
        }

        return reader.TokenType == JsonTokenType.EndArray ? [.. values] : throw new JsonException("A journal's metadata is not an array of strings.");
    }

    /// <summary>The metadata of a journal as stored: <paramref name="keys"/> (its key set, <c>null</c> for a row written
    /// before key sets) and <paramref name="metadata"/> (the values, or the whole map as a JSON object).</summary>
    internal static ImmutableSortedDictionary<string, string> Read(string[]? keys, ReadOnlySpan<byte> metadata)
    {
        if (keys is null)
        {
            return metadata.Length == 0 || metadata.SequenceEqual("{}"u8)
                ? JournalMetadata.Empty
                : JournalMetadata.Empty.AddRange(MapDocument.Read(Encoding.UTF8.GetString(metadata)));
        }

        var values = ReadArray(metadata);
        if (values.Length != keys.Length)
        {
            throw new JsonException($"A journal's metadata has {values.Length} values for {keys.Length} keys.");
        }

        var map = JournalMetadata.Empty.ToBuilder();
        for (var i = 0; i < keys.Length; i++)
        {
            map.Add(keys[i], values[i]);
        }

        return map.ToImmutable();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new JsonException("A journal's metadata is not an array of strings.");
        }
    }

    /// <summary>The metadata of one append: the key sets' ids, and each journal's key set and stored values, in order.</summary>
    internal sealed class Resolved
    {
        internal Dictionary<string, long> Ids { get; } = new(StringComparer.Ordinal);

        internal List<(long? Keys, string Values)> Forms { get; } = [];
    }
}
