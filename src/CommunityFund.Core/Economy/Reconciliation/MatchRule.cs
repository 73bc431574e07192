namespace CommunityFund.Economy;

/// <summary>The rule a payment match was made by, in the order the matcher applies them.</summary>
public enum MatchRule
{
    /// <summary>The row's merchant order number or transaction id equals the sale's payment reference (same entity and channel, same amount).</summary>
    Reference = 1,

    /// <summary>Same entity, channel and amount, the row's time within the tolerance around the sale's date; one to one, earliest first.</summary>
    AmountAndTime = 2,

    /// <summary>A refund row matched to a refund of a sale (through the refunded payment, else by amount and time).</summary>
    Refund = 3,

    /// <summary>A bank credit matched to a settlement batch: the channel's payout of one or more days of matched rows, net of refunds and fees.</summary>
    Settlement = 4,

    /// <summary>One channel payment matched to several sales of the same resident and day whose amounts sum to it.</summary>
    ManyToOne = 5,

    /// <summary>Matched by hand by a hub administrator, with a reason.</summary>
    Manual = 6,
}
