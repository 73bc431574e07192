namespace CommunityFund.EntityFrameworkCore;

/// <summary>A distinct set of journal metadata keys (a JSON array in ordinal order), stored once and referred to by id
/// from every journal whose metadata has exactly those keys. Append-only, like the journals.</summary>
internal sealed class MetadataKeySetRow
{
    public long Id { get; set; }

    public required string Json { get; set; }
}
