namespace CommunityFund.EntityFrameworkCore;

/// <summary>A distinct set of line dimensions (their JSON, keys in ordinal order), stored once and referred to by id from
/// every journal line that carries it. Append-only, like the lines.</summary>
internal sealed class DimensionSetRow
{
    public long Id { get; set; }

    public required string Json { get; set; }
}
