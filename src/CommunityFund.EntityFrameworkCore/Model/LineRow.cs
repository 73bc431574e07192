namespace CommunityFund.EntityFrameworkCore;

/// <summary>A journal line. Append-only.</summary>
internal sealed class LineRow
{
    public required string LedgerId { get; set; }

    public long Sequence { get; set; }

    public int LineNumber { get; set; }

    public required string EntityId { get; set; }

    public required string Account { get; set; }

    public short Side { get; set; }

    public long AmountMinor { get; set; }

    public required string Unit { get; set; }

    public required string Dimensions { get; set; }
}
