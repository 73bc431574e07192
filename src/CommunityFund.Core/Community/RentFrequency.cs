namespace CommunityFund.Community;

/// <summary>How often a nominal rent falls due (in advance, at the start of each rent period).</summary>
public enum RentFrequency
{
    /// <summary>Every month.</summary>
    Monthly = 1,

    /// <summary>Every three months.</summary>
    Quarterly = 3,

    /// <summary>Every twelve months.</summary>
    Yearly = 12,
}
