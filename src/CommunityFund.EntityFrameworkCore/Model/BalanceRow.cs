namespace CommunityFund.EntityFrameworkCore;

/// <summary>A maintained balance: debit and credit totals per entity, account and unit.</summary>
internal sealed class BalanceRow
{
    public required string LedgerId { get; set; }

    public required string EntityId { get; set; }

    public required string Account { get; set; }

    public required string Unit { get; set; }

    public long Debit { get; set; }

    public long Credit { get; set; }
}
