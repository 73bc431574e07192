using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>A posted journal. Append-only: the database refuses UPDATE and DELETE.</summary>
internal sealed class JournalRow
{
    public required string LedgerId { get; set; }

    public long Sequence { get; set; }

    public Guid Id { get; set; }

    public LocalDate AccountingDate { get; set; }

    public Instant RecordedAt { get; set; }

    public required string Kind { get; set; }

    public required string Memo { get; set; }

    public string? SourceReference { get; set; }

    public string? IdempotencyKey { get; set; }

    public string? RequestHash { get; set; }

    public Guid? ReversalOf { get; set; }

    public required string Metadata { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    public List<LineRow> Lines { get; set; } = [];
}
