using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="DailyBalanceRow"/> is stored: the <c>daily_balances</c> table.</summary>
internal sealed class DailyBalanceRowConfiguration : IEntityTypeConfiguration<DailyBalanceRow>
{
    public void Configure(EntityTypeBuilder<DailyBalanceRow> builder)
    {
        builder.ToTable("daily_balances");
        builder.HasKey(x => new { x.LedgerId, x.EntityId, x.Account, x.Unit, x.Date });
        builder.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
        builder.Property(x => x.EntityId).HasColumnName("entity_id").HasMaxLength(64);
        builder.Property(x => x.Account).HasColumnName("account").HasMaxLength(32);
        builder.Property(x => x.Unit).HasColumnName("unit").HasMaxLength(8);
        builder.Property(x => x.Date).HasColumnName("date");
        builder.Property(x => x.Debit).HasColumnName("debit");
        builder.Property(x => x.Credit).HasColumnName("credit");
    }
}
