namespace CommunityFund.EntityFrameworkCore;

/// <summary>An account lines are posted to — an entity, an account code and a unit — stored once and referred to by id
/// from every journal line on it. Append-only, like the lines.</summary>
internal sealed class LineAccountRow
{
    public long Id { get; set; }

    public required string EntityId { get; set; }

    public required string Account { get; set; }

    public required string Unit { get; set; }
}
