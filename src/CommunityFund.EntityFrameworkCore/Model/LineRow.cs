namespace CommunityFund.EntityFrameworkCore;

/// <summary>A journal line. Append-only.</summary>
internal sealed class LineRow
{
    public required string LedgerId { get; set; }

    public long Sequence { get; set; }

    public int LineNumber { get; set; }

    /// <summary>The line's account — entity, account code and unit — as the id of its row in <c>line_accounts</c>
    /// (a ledger posts to a few dozen accounts over millions of lines).</summary>
    public long AccountKey { get; set; }

    public short Side { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>The line's dimensions: the id of their set in <c>dimension_sets</c> (a ledger uses a few dozen distinct
    /// sets over millions of lines, so each line stores an integer instead of the set's JSON).</summary>
    public long DimensionSet { get; set; }
}
