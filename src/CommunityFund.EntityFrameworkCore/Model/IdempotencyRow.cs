namespace CommunityFund.EntityFrameworkCore;

/// <summary>An idempotency record: a client key and the journals it posted.</summary>
internal sealed class IdempotencyRow
{
    public required string LedgerId { get; set; }

    public required string Key { get; set; }

    public string? RequestHash { get; set; }

    public long FirstSequence { get; set; }

    public int JournalCount { get; set; }
}
