using System.Data.Common;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// How the two providers store the values EF Core maps for us elsewhere, for the store's hand-written hot paths
/// (append, head, idempotency, documents, journal pages): SQLite keeps dates as ISO text, instants as integer Unix
/// nanoseconds and ids as upper-case text (what the EF model's converters write); PostgreSQL keeps date, timestamptz
/// and uuid.
/// </summary>
internal sealed class Dialect
{
    internal static readonly Dialect Sqlite = new(isSqlite: true);
    internal static readonly Dialect Postgres = new(isSqlite: false);

    private Dialect(bool isSqlite) => IsSqlite = isSqlite;

    internal bool IsSqlite { get; }

    internal object Date(LocalDate date) => IsSqlite ? IsoDate.Format(date) : date.ToDateOnly();

    internal object Instant(Instant instant) => IsSqlite ? (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds() : instant.ToDateTimeUtc();

    internal object Id(Guid id) => IsSqlite ? id.ToString("D").ToUpperInvariant() : id;

    internal LocalDate ReadDate(DbDataReader reader, int ordinal) =>
        IsSqlite ? IsoDate.Parse(reader.GetString(ordinal)) : LocalDate.FromDateOnly(reader.GetFieldValue<DateOnly>(ordinal));

    internal Instant ReadInstant(DbDataReader reader, int ordinal) =>
        IsSqlite ? NodaConstants.UnixEpoch + Duration.FromNanoseconds(reader.GetInt64(ordinal)) : NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    /// <summary>A SHA-256 hash as stored: on SQLite a hash in its canonical form (64 lower-case hex digits) is kept as its
    /// 32 bytes (issue 20; the column's TEXT affinity keeps a BLOB as it is, so rows written before keep their text and
    /// both read back); anything else, and every hash on PostgreSQL, as the text itself.</summary>
    internal object? Hash(string? hash) =>
        IsSqlite && hash is { Length: 64 } && hash.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0 ? Convert.FromHexString(hash) : hash;

    /// <summary>A hash as <see cref="Hash"/> stored it (or as text, however it was written): lower-case hex.</summary>
    internal static string ReadHash(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(byte[]) ? Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(ordinal)) : reader.GetString(ordinal);

    internal Guid ReadId(DbDataReader reader, int ordinal) => IsSqlite ? Guid.Parse(reader.GetString(ordinal)) : reader.GetGuid(ordinal);
}
