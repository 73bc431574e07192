using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>The books on SQLite: NodaTime values stored as ISO text (dates, which sort correctly) and integer
/// nanoseconds (instants); money is always integer minor units.</summary>
public sealed class SqliteBooksDbContext : BooksDbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The options.</param>
    public SqliteBooksDbContext(DbContextOptions<SqliteBooksDbContext> options)
        : base(options)
    {
    }

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateAsIsoText>().HaveMaxLength(10);
        configurationBuilder.Properties<Instant>().HaveConversion<InstantAsUnixNanoseconds>();
    }

    private sealed class LocalDateAsIsoText() : ValueConverter<LocalDate, string>(
        date => LocalDatePattern.Iso.Format(date),
        text => LocalDatePattern.Iso.Parse(text).Value);

    private sealed class InstantAsUnixNanoseconds() : ValueConverter<Instant, long>(
        instant => (instant - NodaConstants.UnixEpoch).ToInt64Nanoseconds(),
        nanoseconds => NodaConstants.UnixEpoch + Duration.FromNanoseconds(nanoseconds));
}
