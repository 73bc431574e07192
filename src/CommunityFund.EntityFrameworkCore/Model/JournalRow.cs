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

    /// <summary>The id of the metadata's key set in <c>metadata_keys</c> (then <see cref="Metadata"/> holds only the
    /// values, a JSON array in the keys' order); <c>null</c> for no metadata and for rows written before key sets (then
    /// <see cref="Metadata"/> is the map as a JSON object).</summary>
    public long? MetadataKeys { get; set; }

    public required string Metadata { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    public List<LineRow> Lines { get; set; } = [];
}
