using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="BalanceRow"/> is stored: the <c>balances</c> table.</summary>
internal sealed class BalanceRowConfiguration : IEntityTypeConfiguration<BalanceRow>
{
    public void Configure(EntityTypeBuilder<BalanceRow> builder)
    {
        builder.ToTable("balances");
        builder.HasKey(x => new { x.LedgerId, x.EntityId, x.Account, x.Unit });
        builder.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
        builder.Property(x => x.EntityId).HasColumnName("entity_id").HasMaxLength(64);
        builder.Property(x => x.Account).HasColumnName("account").HasMaxLength(32);
        builder.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(8);
        builder.Property(x => x.Debit).HasColumnName("debit");
        builder.Property(x => x.Credit).HasColumnName("credit");
    }
}
