using System.Data.Common;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// How the two providers store the values EF Core maps for us elsewhere, for the store's hand-written hot paths
/// (append, head, idempotency, documents, journal pages): SQLite keeps dates as ISO text, instants as integer Unix
/// nanoseconds, journal ids as their 16 bytes and caller keys that are UUIDs as theirs (issue 20); PostgreSQL keeps
/// date, timestamptz and uuid, and hashes, keys and source references in <c>bytea</c> (<see cref="PackedText"/>).
/// </summary>
internal sealed class Dialect
{
    internal static readonly Dialect Sqlite = new(isSqlite: true);
    internal static readonly Dialect Postgres = new(isSqlite: false);

    private Dialect(bool isSqlite) => IsSqlite = isSqlite;

    internal bool IsSqlite { get; }

    /// <summary>Where the provider keeps a journal's lines (ADR 0038).</summary>
    internal LineLayout Lines => IsSqlite ? LineLayout.Table : LineLayout.Arrays;

    internal object Date(LocalDate date) => IsSqlite ? IsoDate.Format(date) : date.ToDateOnly();

    internal object Instant(Instant instant) => IsSqlite ? (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds() : instant.ToDateTimeUtc();

    /// <summary>A journal id as stored: on SQLite its 16 bytes in RFC 4122 order since <c>CompactJournals</c> (which
    /// converted the upper-case text written before; issue 20), on PostgreSQL a <c>uuid</c>.</summary>
    internal object Id(Guid id) => IsSqlite ? id.ToByteArray(bigEndian: true) : id;

    /// <summary>A caller's key (an idempotency key, a record's key) as stored: on SQLite a UUID in its canonical form
    /// (lower-case, with hyphens) as its 16 bytes (issue 20: most keys are such UUIDs; <c>CompactJournals</c> converted
    /// those written before), any other key as its text; on PostgreSQL a <c>bytea</c> (<see cref="PackedText"/>, the
    /// same 16 bytes for such a UUID; since ADR 0035).</summary>
    internal object Key(string key) =>
        !IsSqlite ? PackedText.Write(key) : CanonicalUuid(key) is { } uuid ? uuid.ToByteArray(bigEndian: true) : key;

    /// <summary>A journal's source reference as stored: on SQLite its text, on PostgreSQL a <c>bytea</c>
    /// (<see cref="PackedText"/>, so that the empty value can mean "the same as the journal before"; ADR 0035).</summary>
    internal object? Source(string? source) => IsSqlite || source is null ? source : PackedText.Write(source);

    /// <summary><see cref="Key"/>, or <c>null</c>.</summary>
    internal object? NullableKey(string? key) => key is null ? null : Key(key);

    /// <summary>A key as <see cref="Key"/> stored it (or a source reference as <see cref="Source"/> did): 16 bytes are
    /// the UUID's canonical text; PostgreSQL's bytes as <see cref="PackedText"/> reads them.</summary>
    internal static string ReadKey(DbDataReader reader, int ordinal) => ReadPacked(reader, ordinal);

    /// <summary><see cref="ReadKey"/>, or <c>null</c>.</summary>
    internal static string? ReadNullableKey(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadPacked(reader, ordinal);

    /// <summary>A value stored as bytes read as <see cref="PackedText"/> (which reads SQLite's 16-byte keys and 32-byte
    /// hashes the same), or a text.</summary>
    private static string ReadPacked(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(byte[]) ? PackedText.Read(reader.GetFieldValue<byte[]>(ordinal)) : reader.GetString(ordinal);

    /// <summary>The UUID <paramref name="text"/> is the canonical text of, or <c>null</c>.</summary>
    internal static Guid? CanonicalUuid(string text) =>
        text.Length == 36 && Guid.TryParseExact(text, "D", out var uuid) && string.Equals(uuid.ToString("D"), text, StringComparison.Ordinal) ? uuid : null;

    internal LocalDate ReadDate(DbDataReader reader, int ordinal) =>
        IsSqlite ? IsoDate.Parse(reader.GetString(ordinal)) : LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(ordinal));

    internal Instant ReadInstant(DbDataReader reader, int ordinal) =>
        IsSqlite ? NodaConstants.UnixEpoch + Duration.FromNanoseconds(reader.GetInt64(ordinal)) : NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    /// <summary>A SHA-256 hash as stored: on SQLite a hash in its canonical form (64 lower-case hex digits) is kept as its
    /// 32 bytes (issue 20; the column's TEXT affinity keeps a BLOB as it is, so rows written before keep their text and
    /// both read back), anything else as the text itself; on PostgreSQL a <c>bytea</c> (<see cref="PackedText"/>, the
    /// same 32 bytes for a canonical hash; since ADR 0035).</summary>
    internal object? Hash(string? hash) =>
        hash is null ? null
        : !IsSqlite ? PackedText.Write(hash)
        : IsCanonicalHash(hash) ? Convert.FromHexString(hash) : hash;

    /// <summary>Whether <paramref name="text"/> is a SHA-256 hash in its canonical text: 64 lower-case hex digits.</summary>
    internal static bool IsCanonicalHash(string text) => text.Length == 64 && text.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>A hash as <see cref="Hash"/> stored it (or as text, however it was written): lower-case hex. Bytes of no
    /// form <see cref="PackedText"/> knows — only a hand-made change writes them — read as their hex, as SQLite has always
    /// read a BLOB here, so that verification reports the journal instead of failing to read it.</summary>
    internal static string ReadHash(DbDataReader reader, int ordinal)
    {
        if (reader.GetFieldType(ordinal) != typeof(byte[]))
        {
            return reader.GetString(ordinal);
        }

        var bytes = reader.GetFieldValue<byte[]>(ordinal);
        return PackedText.TryRead(bytes) ?? Convert.ToHexStringLower(bytes);
    }

    /// <summary>A record's JSON as stored: compressed when that is shorter (<see cref="StoredJson"/>; issue 20), else on
    /// SQLite the text and on PostgreSQL (a <c>bytea</c> since ADR 0035) the text's format byte and UTF-8.</summary>
    internal object Json(string json) => IsSqlite ? StoredJson.Write(json) : StoredJson.WriteBytes(json);

    internal Guid ReadId(DbDataReader reader, int ordinal) =>
        !IsSqlite ? reader.GetGuid(ordinal)
        : reader.GetFieldType(ordinal) == typeof(byte[]) ? new Guid(reader.GetFieldValue<byte[]>(ordinal), bigEndian: true)
        : Guid.Parse(reader.GetString(ordinal));
}
