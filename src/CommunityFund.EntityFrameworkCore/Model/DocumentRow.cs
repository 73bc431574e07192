namespace CommunityFund.EntityFrameworkCore;

/// <summary>A record kept beside the journals (sale records, statements…), as JSON.</summary>
internal sealed class DocumentRow
{
    public required string LedgerId { get; set; }

    public required string Kind { get; set; }

    public required string Key { get; set; }

    /// <summary>The owning entity, or empty.</summary>
    public required string Owner { get; set; }

    public long Order { get; set; }

    public required string Json { get; set; }

    /// <summary>The version of the record's schema (see <c>RecordType</c>); 1 for records written before it was kept.</summary>
    public int SchemaVersion { get; set; } = 1;
}
