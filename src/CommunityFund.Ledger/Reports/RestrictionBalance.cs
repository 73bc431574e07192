using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>One restriction (named purpose) of an entity's restricted net assets.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Restriction">The restriction's name.</param>
/// <param name="Received">Restricted revenue and opening restricted net assets received under it.</param>
/// <param name="Spent">Spending charged to it (expenses tagged with the restriction).</param>
/// <param name="Released">Released to unrestricted net assets at period closes so far.</param>
public sealed record RestrictionBalance(EntityId Entity, string Restriction, Money Received, Money Spent, Money Released)
{
    /// <summary>What remains available for the purpose: received − spent.</summary>
    public Money Available => Received - Spent;
}
