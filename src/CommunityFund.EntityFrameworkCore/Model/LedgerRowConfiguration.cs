using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="LedgerRow"/> is stored: the <c>ledgers</c> table.</summary>
internal sealed class LedgerRowConfiguration : IEntityTypeConfiguration<LedgerRow>
{
    public void Configure(EntityTypeBuilder<LedgerRow> builder)
    {
        builder.ToTable("ledgers");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(x => x.Definition).HasColumnName("definition");
        builder.Property(x => x.DefinitionVersion).HasColumnName("definition_version").HasDefaultValue(0L);
        builder.Property(x => x.HeadSequence).HasColumnName("head_sequence");
        builder.Property(x => x.RecordsVersion).HasColumnName("records_version").HasDefaultValue(0L);
        builder.Property(x => x.HeadHash).HasColumnName("head_hash").HasMaxLength(64);
        builder.Property(x => x.ClosedThrough).HasColumnName("closed_through");
    }
}
