using Microsoft.EntityFrameworkCore;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>The books on PostgreSQL, with NodaTime's native mapping (date, timestamptz).</summary>
public sealed class PostgresBooksDbContext : BooksDbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The options.</param>
    public PostgresBooksDbContext(DbContextOptions<PostgresBooksDbContext> options)
        : base(options)
    {
    }

    /// <inheritdoc />
    /// <remarks>What PostgreSQL stores in bytes where SQLite stores a BLOB in a column of TEXT affinity (issue 20, ADR
    /// 0035): a record's JSON (<see cref="StoredJson"/>: compressed, or the text's format byte and UTF-8).</remarks>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DocumentRow>().Property(x => x.Json).HasColumnType("bytea")
            .HasConversion(json => StoredJson.WriteBytes(json), bytes => StoredJson.Read(bytes));
    }
}
