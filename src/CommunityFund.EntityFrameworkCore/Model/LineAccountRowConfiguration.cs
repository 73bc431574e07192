using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="LineAccountRow"/> is stored: the <c>line_accounts</c> table, one row per distinct account.</summary>
internal sealed class LineAccountRowConfiguration : IEntityTypeConfiguration<LineAccountRow>
{
    public void Configure(EntityTypeBuilder<LineAccountRow> builder)
    {
        builder.ToTable("line_accounts");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(x => x.EntityId).HasColumnName("entity_id").HasMaxLength(64);
        builder.Property(x => x.Account).HasColumnName("account").HasMaxLength(32);
        builder.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(8);
        builder.HasIndex(x => new { x.EntityId, x.Account, x.Unit }).IsUnique().HasDatabaseName("ux_line_accounts");
    }
}
