namespace CommunityFund.Economy;

/// <summary>What happens to the hub's share of a refund once that share was settled.</summary>
public enum HubRefundRule
{
    /// <summary>The provider's payable to the hub is reduced; the next statement nets it (default).</summary>
    NetOnNextStatement = 1,

    /// <summary>A clawback receivable from the hub is booked, outside the statements.</summary>
    ClawbackReceivable = 2,
}
