namespace CommunityFund.Economy;

/// <summary>A party and its share in basis points (1/100 of a percent).</summary>
/// <param name="Party">The party.</param>
/// <param name="BasisPoints">Its share; the shares of a policy sum to exactly 10,000.</param>
public sealed record PolicyShare(DistributionParty Party, int BasisPoints);
