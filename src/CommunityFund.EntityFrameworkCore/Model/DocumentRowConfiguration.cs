using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="DocumentRow"/> is stored: the <c>documents</c> table.</summary>
internal sealed class DocumentRowConfiguration : IEntityTypeConfiguration<DocumentRow>
{
    public void Configure(EntityTypeBuilder<DocumentRow> builder)
    {
        builder.ToTable("documents");
        builder.HasKey(x => new { x.LedgerId, x.Kind, x.Key });
        builder.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
        builder.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
        builder.Property(x => x.Key).HasColumnName("key").HasMaxLength(200);
        builder.Property(x => x.Owner).HasColumnName("owner").HasMaxLength(64);
        builder.Property(x => x.Order).HasColumnName("position");
        builder.Property(x => x.Json).HasColumnName("json");
        builder.Property(x => x.SchemaVersion).HasColumnName("schema_version").HasDefaultValue(1);
        builder.HasIndex(x => new { x.LedgerId, x.Kind, x.Owner, x.Order }).HasDatabaseName("ix_documents_owner");
        builder.HasIndex(x => new { x.LedgerId, x.Kind, x.Order, x.Key }).HasDatabaseName("ix_documents_position");
    }
}
