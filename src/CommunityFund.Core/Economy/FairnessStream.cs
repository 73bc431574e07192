using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>The fairness of one provider's distribution stream under one policy version.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="PolicyReference">The policy, <c>id@version</c>.</param>
/// <param name="Distributions">How many distributions.</param>
/// <param name="Base">The cumulative base.</param>
/// <param name="Lines">One line per party.</param>
public sealed record FairnessStream(EntityId Provider, string PolicyReference, int Distributions, Money Base, ImmutableArray<FairnessLine> Lines)
{
    /// <summary><c>true</c> when every party is within one fen of its entitlement.</summary>
    public bool IsFair => Lines.All(l => l.WithinOneFen);
}
