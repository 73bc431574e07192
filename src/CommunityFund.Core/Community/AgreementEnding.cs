namespace CommunityFund.Community;

/// <summary>How an agreement ended.</summary>
public enum AgreementEnding
{
    /// <summary>The term ran out.</summary>
    Expired = 1,

    /// <summary>Ended before the end of its term, with a reason.</summary>
    Terminated = 2,
}
