using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="JournalRow"/> is stored: the <c>journals</c> table.</summary>
internal sealed class JournalRowConfiguration : IEntityTypeConfiguration<JournalRow>
{
    public void Configure(EntityTypeBuilder<JournalRow> builder)
    {
        builder.ToTable("journals");
        builder.HasKey(x => new { x.LedgerId, x.Sequence });
        builder.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
        builder.Property(x => x.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(x => x.Id).HasColumnName("id");
        builder.Property(x => x.AccountingDate).HasColumnName("accounting_date");
        builder.Property(x => x.RecordedAt).HasColumnName("recorded_at");
        builder.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        builder.Property(x => x.Memo).HasColumnName("memo").HasMaxLength(500);
        builder.Property(x => x.SourceReference).HasColumnName("source_reference").HasMaxLength(200);
        builder.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(200);
        builder.Property(x => x.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
        builder.Property(x => x.ReversalOf).HasColumnName("reversal_of");
        builder.Property(x => x.MetadataKeys).HasColumnName("metadata_keys");
        builder.Property(x => x.Metadata).HasColumnName("metadata");
        builder.Property(x => x.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64);
        builder.Property(x => x.Hash).HasColumnName("hash").HasMaxLength(64);
        builder.HasIndex(x => x.Id).IsUnique().HasDatabaseName(DatabaseErrors.JournalIdIndex);
        builder.HasIndex(x => new { x.LedgerId, x.ReversalOf }).IsUnique().HasDatabaseName(DatabaseErrors.ReversalOfIndex).HasFilter("reversal_of IS NOT NULL");
        builder.HasIndex(x => new { x.LedgerId, x.AccountingDate, x.Sequence }).HasDatabaseName("ix_journals_date");
        builder.HasIndex(x => new { x.LedgerId, x.AccountingDate, x.Id }).HasDatabaseName("ix_journals_distributions").HasFilter(EfLedgerStore.DistributionsIndexFilter);
        builder.HasMany(x => x.Lines).WithOne().HasForeignKey(l => new { l.LedgerId, l.Sequence });
    }
}
