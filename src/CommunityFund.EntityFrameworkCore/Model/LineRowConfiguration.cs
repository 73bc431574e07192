using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>How <see cref="LineRow"/> is stored: the <c>journal_lines</c> table.</summary>
internal sealed class LineRowConfiguration : IEntityTypeConfiguration<LineRow>
{
    public void Configure(EntityTypeBuilder<LineRow> builder)
    {
        builder.ToTable("journal_lines");
        builder.HasKey(x => new { x.LedgerId, x.Sequence, x.LineNumber });
        builder.Property(x => x.LedgerId).HasColumnName("ledger_id").HasMaxLength(64);
        builder.Property(x => x.Sequence).HasColumnName("sequence");
        builder.Property(x => x.LineNumber).HasColumnName("line_number").ValueGeneratedNever();
        builder.Property(x => x.AccountKey).HasColumnName("account_key");
        builder.Property(x => x.Side).HasColumnName("side");
        builder.Property(x => x.AmountMinor).HasColumnName("amount_minor");
        builder.Property(x => x.DimensionSet).HasColumnName("dimension_set");
        // dimension_set refers to dimension_sets(id) and account_key to line_accounts(id): the migrations (CompactLines,
        // CompactLineAccounts) declare those foreign keys in SQL, not the model, so EF Core does not add an index on
        // them to every line (both tables are append-only: never deleted).
        // With the sequence last: an account's lines in posting order, and "does this journal touch the account"
        // answered by one index probe (the register).
        builder.HasIndex(x => new { x.LedgerId, x.AccountKey, x.Sequence }).HasDatabaseName("ix_journal_lines_account");
    }
}
