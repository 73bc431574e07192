namespace CommunityFund.Economy;

/// <summary>The parts of one distribution (or of its reversal by a refund), per party, in fen.</summary>
/// <param name="Provider">The provider's part.</param>
/// <param name="Hub">The hub's part.</param>
/// <param name="Fund">The community fund's part.</param>
public sealed record SharePartition(long Provider, long Hub, long Fund)
{
    /// <summary>Nothing.</summary>
    public static SharePartition Zero { get; } = new(0, 0, 0);

    /// <summary>The sum of the parts.</summary>
    public long Total => checked(Provider + Hub + Fund);

    /// <summary>The part of a party.</summary>
    /// <param name="party">The party.</param>
    /// <returns>The part in fen.</returns>
    public long Of(DistributionParty party) => party switch
    {
        DistributionParty.Provider => Provider,
        DistributionParty.Hub => Hub,
        _ => Fund,
    };

    /// <summary>Adds another partition.</summary>
    /// <param name="other">The other.</param>
    /// <returns>The sum.</returns>
    public SharePartition Plus(SharePartition other) => new(checked(Provider + other.Provider), checked(Hub + other.Hub), checked(Fund + other.Fund));
}
