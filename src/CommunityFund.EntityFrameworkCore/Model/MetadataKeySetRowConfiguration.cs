using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="MetadataKeySetRow"/> is stored: the <c>metadata_keys</c> table, one row per distinct key set.</summary>
internal sealed class MetadataKeySetRowConfiguration : IEntityTypeConfiguration<MetadataKeySetRow>
{
    public void Configure(EntityTypeBuilder<MetadataKeySetRow> builder)
    {
        builder.ToTable("metadata_keys");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(x => x.Json).HasColumnName("json");
        builder.HasIndex(x => x.Json).IsUnique().HasDatabaseName("ux_metadata_keys_json");
    }
}
