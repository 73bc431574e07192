using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="IdempotencyRow"/> is stored: the <c>idempotency_keys</c> table.</summary>
internal sealed class IdempotencyRowConfiguration : IEntityTypeConfiguration<IdempotencyRow>
{
    public void Configure(EntityTypeBuilder<IdempotencyRow> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(x => new { x.LedgerId, x.Key });
        builder.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
        builder.Property(x => x.Key).HasColumnName("key").HasMaxLength(200);
        builder.Property(x => x.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
        builder.Property(x => x.FirstSequence).HasColumnName("first_sequence");
        builder.Property(x => x.JournalCount).HasColumnName("journal_count");
    }
}
