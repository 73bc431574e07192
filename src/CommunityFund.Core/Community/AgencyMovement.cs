namespace CommunityFund.Community;

/// <summary>Which way an agency gift moves.</summary>
public enum AgencyMovement
{
    /// <summary>The fund receives a gift earmarked for a named beneficiary (Dr 1701 / Cr 2601).</summary>
    Receive = 1,

    /// <summary>The fund passes it on to the beneficiary (Dr 2601 / Cr 1701).</summary>
    PassOn = 2,
}
