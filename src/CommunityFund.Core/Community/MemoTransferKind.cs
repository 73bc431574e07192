namespace CommunityFund.Community;

/// <summary>What happens to hours or points.</summary>
public enum MemoTransferKind
{
    /// <summary>Issued from the pool to a member (volunteer hours earned, points awarded).</summary>
    Award = 1,

    /// <summary>Returned from a member to the pool (hours used for a service, points spent).</summary>
    Redeem = 2,

    /// <summary>Given by a member to the donation pool (hours only).</summary>
    Donate = 3,

    /// <summary>Moved from one member to another.</summary>
    Transfer = 4,
}
