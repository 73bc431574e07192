using Microsoft.EntityFrameworkCore;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The EF Core model of the books. Use the provider-specific <see cref="SqliteBooksDbContext"/> or
/// <see cref="PostgresBooksDbContext"/>, each with its own migrations. Table and column names are snake_case so the
/// few hand-written statements work on both providers. Each row type's mapping is its own
/// <see cref="IEntityTypeConfiguration{TEntity}"/> (Model/).
/// </summary>
public abstract class BooksDbContext : DbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The options.</param>
    protected BooksDbContext(DbContextOptions options)
        : base(options)
    {
    }

    // Storage rows: the database's shape, never returned to callers (the store maps them to Core types).
    internal DbSet<LedgerRow> Ledgers => Set<LedgerRow>();

    internal DbSet<JournalRow> Journals => Set<JournalRow>();

    internal DbSet<LineRow> Lines => Set<LineRow>();

    internal DbSet<DimensionSetRow> DimensionSets => Set<DimensionSetRow>();

    internal DbSet<LineAccountRow> LineAccounts => Set<LineAccountRow>();

    internal DbSet<MetadataKeySetRow> MetadataKeySets => Set<MetadataKeySetRow>();

    internal DbSet<IdempotencyRow> IdempotencyKeys => Set<IdempotencyRow>();

    internal DbSet<BalanceRow> Balances => Set<BalanceRow>();

    internal DbSet<DailyBalanceRow> DailyBalances => Set<DailyBalanceRow>();

    internal DbSet<DocumentRow> Documents => Set<DocumentRow>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new LedgerRowConfiguration());
        modelBuilder.ApplyConfiguration(new JournalRowConfiguration());
        modelBuilder.ApplyConfiguration(new LineRowConfiguration());
        modelBuilder.ApplyConfiguration(new DimensionSetRowConfiguration());
        modelBuilder.ApplyConfiguration(new LineAccountRowConfiguration());
        modelBuilder.ApplyConfiguration(new MetadataKeySetRowConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyRowConfiguration());
        modelBuilder.ApplyConfiguration(new BalanceRowConfiguration());
        modelBuilder.ApplyConfiguration(new DocumentRowConfiguration());
        modelBuilder.ApplyConfiguration(new DailyBalanceRowConfiguration());
    }
}
