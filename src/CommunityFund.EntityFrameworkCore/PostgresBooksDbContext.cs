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
}
