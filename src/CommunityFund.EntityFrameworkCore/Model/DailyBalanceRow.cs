using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>A maintained balance movement of one accounting date, for balances as of any date.</summary>
internal sealed class DailyBalanceRow
{
    public required string LedgerId { get; set; }

    public required string EntityId { get; set; }

    public required string Account { get; set; }

    public required string Unit { get; set; }

    public LocalDate Date { get; set; }

    public long Debit { get; set; }

    public long Credit { get; set; }
}
