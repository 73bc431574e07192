namespace CommunityFund.Economy;

/// <summary>The resident price of a tier, and for the low-cost tier its cap.</summary>
/// <param name="Price">What a resident pays for one package (zero for public-welfare).</param>
/// <param name="Cap">The highest allowed low-cost price; required for <see cref="PricingTier.LowCost"/>.</param>
public sealed record TierPrice(Money Price, Money? Cap = null);
