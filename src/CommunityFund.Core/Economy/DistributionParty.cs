namespace CommunityFund.Economy;

/// <summary>A party of the revenue distribution.</summary>
public enum DistributionParty
{
    /// <summary>The provider that earned the revenue (keeps its share).</summary>
    Provider = 1,

    /// <summary>The hub social enterprise (platform and incubation share).</summary>
    Hub = 2,

    /// <summary>The community fund.</summary>
    CommunityFund = 3,
}
