namespace CommunityFund.Community;

/// <summary>Where an agreement is in its life: draft → active → ended.</summary>
public enum AgreementStatus
{
    /// <summary>Registered, not yet in force: nothing is charged or owed.</summary>
    Draft = 1,

    /// <summary>In force: rent and resources are charged and obligations owed, period by period.</summary>
    Active = 2,

    /// <summary>Expired at the end of its term, or terminated early with a reason.</summary>
    Ended = 3,
}
