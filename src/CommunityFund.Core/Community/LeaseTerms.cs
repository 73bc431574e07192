namespace CommunityFund.Community;

/// <summary>The terms of a nominal-rent lease.</summary>
/// <param name="Space">The space.</param>
/// <param name="NominalRent">The rent per rent period (e.g. 1.00 CNY); always the amount posted.</param>
/// <param name="Frequency">How often it falls due.</param>
/// <param name="FairRent">The fair market rent for the same period, with its basis.</param>
/// <param name="FundShareBasisPoints">An optional share of the operator's revenue from the space promised to the
/// community fund, in basis points (e.g. 500 = 5%); recorded with the terms.</param>
public sealed record LeaseTerms(LeasedSpace Space, Money NominalRent, RentFrequency Frequency, FairValue FairRent, int? FundShareBasisPoints = null)
{
    /// <summary>
    /// <c>true</c> when the agreement explicitly lets the fund's revenue share apply also to service-package revenue
    /// that a distribution policy already shares with the community fund (the fund then receives both shares of it).
    /// <c>false</c> (the default): the share applies only to revenue from the space outside the distribution (room
    /// hire, café sales…), and a declaration that includes distributed revenue is refused with
    /// <see cref="CommunityErrorCodes.FundShareOverlapsDistribution"/>. Only a provider's revenue is distributed, so only
    /// a lease to a provider with a fund share may say <c>true</c>.
    /// </summary>
    public bool FundShareOnDistributedRevenue { get; init; }
}
