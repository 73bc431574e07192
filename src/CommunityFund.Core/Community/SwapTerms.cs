using System.Collections.Immutable;

namespace CommunityFund.Community;

/// <summary>The terms of a resource-for-service swap: both legs at fair value.</summary>
/// <param name="Resources">The resources given to the operator.</param>
/// <param name="MonthlyServiceValue">The fair value of the services the operator owes per month, with its basis.</param>
public sealed record SwapTerms(ImmutableArray<SwapResource> Resources, FairValue MonthlyServiceValue)
{
    /// <summary>The fair value of all resources per month.</summary>
    public Money MonthlyResourceValue => Resources.Aggregate(Money.Zero(Currency.CNY), (sum, r) => sum + r.MonthlyValue.Amount);
}
