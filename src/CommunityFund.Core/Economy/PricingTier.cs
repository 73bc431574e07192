namespace CommunityFund.Economy;

/// <summary>The three tiers of the 公益+有偿+低偿 model.</summary>
public enum PricingTier
{
    /// <summary>公益 — public-welfare, free to residents.</summary>
    PublicWelfare = 1,

    /// <summary>低偿 — low-cost: a subsidised resident price at or below a cap.</summary>
    LowCost = 2,

    /// <summary>有偿 — paid, at the market price.</summary>
    Paid = 3,
}
