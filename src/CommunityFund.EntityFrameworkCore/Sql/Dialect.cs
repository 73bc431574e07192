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

    internal Guid ReadId(DbDataReader reader, int ordinal) => IsSqlite ? Guid.Parse(reader.GetString(ordinal)) : reader.GetGuid(ordinal);
}
