using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="DimensionSetRow"/> is stored: the <c>dimension_sets</c> table, one row per distinct JSON.</summary>
internal sealed class DimensionSetRowConfiguration : IEntityTypeConfiguration<DimensionSetRow>
{
    public void Configure(EntityTypeBuilder<DimensionSetRow> builder)
    {
        builder.ToTable("dimension_sets");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(x => x.Json).HasColumnName("json");
        builder.HasIndex(x => x.Json).IsUnique().HasDatabaseName("ux_dimension_sets_json");
    }
}
