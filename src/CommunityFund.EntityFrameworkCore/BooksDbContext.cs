using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The EF Core model of the books. Use the provider-specific <see cref="SqliteBooksDbContext"/> or
/// <see cref="PostgresBooksDbContext"/>, each with its own migrations. Table and column names are snake_case so the
/// few hand-written statements work on both providers.
/// </summary>
public abstract class BooksDbContext : DbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The options.</param>
    protected BooksDbContext(DbContextOptions options)
        : base(options)
    {
    }

    internal DbSet<LedgerRow> Ledgers => Set<LedgerRow>();

    internal DbSet<JournalRow> Journals => Set<JournalRow>();

    internal DbSet<LineRow> Lines => Set<LineRow>();

    internal DbSet<IdempotencyRow> IdempotencyKeys => Set<IdempotencyRow>();

    internal DbSet<BalanceRow> Balances => Set<BalanceRow>();

    internal DbSet<DailyBalanceRow> DailyBalances => Set<DailyBalanceRow>();

    internal DbSet<DocumentRow> Documents => Set<DocumentRow>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<LedgerRow>(e =>
        {
            e.ToTable("ledgers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(64);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.Definition).HasColumnName("definition");
            e.Property(x => x.DefinitionVersion).HasColumnName("definition_version").HasDefaultValue(0L);
            e.Property(x => x.HeadSequence).HasColumnName("head_sequence");
            e.Property(x => x.HeadHash).HasColumnName("head_hash").HasMaxLength(64);
            e.Property(x => x.ClosedThrough).HasColumnName("closed_through");
        });
        modelBuilder.Entity<JournalRow>(e =>
        {
            e.ToTable("journals");
            e.HasKey(x => new { x.LedgerId, x.Sequence });
            e.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
            e.Property(x => x.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.AccountingDate).HasColumnName("accounting_date");
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
            e.Property(x => x.Memo).HasColumnName("memo").HasMaxLength(500);
            e.Property(x => x.SourceReference).HasColumnName("source_reference").HasMaxLength(200);
            e.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(200);
            e.Property(x => x.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
            e.Property(x => x.ReversalOf).HasColumnName("reversal_of");
            e.Property(x => x.Metadata).HasColumnName("metadata");
            e.Property(x => x.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64);
            e.Property(x => x.Hash).HasColumnName("hash").HasMaxLength(64);
            e.HasIndex(x => x.Id).IsUnique().HasDatabaseName(DatabaseErrors.JournalIdIndex);
            e.HasIndex(x => new { x.LedgerId, x.ReversalOf }).IsUnique().HasDatabaseName(DatabaseErrors.ReversalOfIndex).HasFilter("reversal_of IS NOT NULL");
            e.HasIndex(x => new { x.LedgerId, x.AccountingDate }).HasDatabaseName("ix_journals_date");
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => new { l.LedgerId, l.Sequence });
        });
        modelBuilder.Entity<LineRow>(e =>
        {
            e.ToTable("journal_lines");
            e.HasKey(x => new { x.LedgerId, x.Sequence, x.LineNumber });
            e.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
            e.Property(x => x.Sequence).HasColumnName("sequence");
            e.Property(x => x.LineNumber).HasColumnName("line_number").ValueGeneratedNever();
            e.Property(x => x.EntityId).HasColumnName("entity_id").HasMaxLength(64);
            e.Property(x => x.Account).HasColumnName("account").HasMaxLength(32);
            e.Property(x => x.Side).HasColumnName("side");
            e.Property(x => x.AmountMinor).HasColumnName("amount_minor");
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(8);
            e.Property(x => x.Dimensions).HasColumnName("dimensions");
            // With the sequence last: an account's lines in posting order, and "does this journal touch the account"
            // answered by one index probe (the register).
            e.HasIndex(x => new { x.LedgerId, x.EntityId, x.Account, x.Sequence }).HasDatabaseName("ix_journal_lines_account");
        });
        modelBuilder.Entity<IdempotencyRow>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => new { x.LedgerId, x.Key });
            e.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(200);
            e.Property(x => x.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
            e.Property(x => x.FirstSequence).HasColumnName("first_sequence");
            e.Property(x => x.JournalCount).HasColumnName("journal_count");
        });
        modelBuilder.Entity<BalanceRow>(e =>
        {
            e.ToTable("balances");
            e.HasKey(x => new { x.LedgerId, x.EntityId, x.Account, x.Unit });
            e.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
            e.Property(x => x.EntityId).HasColumnName("entity_id").HasMaxLength(64);
            e.Property(x => x.Account).HasColumnName("account").HasMaxLength(32);
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(8);
            e.Property(x => x.Debit).HasColumnName("debit");
            e.Property(x => x.Credit).HasColumnName("credit");
        });
        modelBuilder.Entity<DocumentRow>(e =>
        {
            e.ToTable("documents");
            e.HasKey(x => new { x.LedgerId, x.Kind, x.Key });
            e.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(200);
            e.Property(x => x.Owner).HasColumnName("owner").HasMaxLength(64);
            e.Property(x => x.Order).HasColumnName("position");
            e.Property(x => x.Json).HasColumnName("json");
            e.HasIndex(x => new { x.LedgerId, x.Kind, x.Owner, x.Order }).HasDatabaseName("ix_documents_owner");
        });
        modelBuilder.Entity<DailyBalanceRow>(e =>
        {
            e.ToTable("daily_balances");
            e.HasKey(x => new { x.LedgerId, x.EntityId, x.Account, x.Unit, x.Date });
            e.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
            e.Property(x => x.EntityId).HasColumnName("entity_id").HasMaxLength(64);
            e.Property(x => x.Account).HasColumnName("account").HasMaxLength(32);
            e.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(8);
            e.Property(x => x.Date).HasColumnName("date");
            e.Property(x => x.Debit).HasColumnName("debit");
            e.Property(x => x.Credit).HasColumnName("credit");
        });
    }
}

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
