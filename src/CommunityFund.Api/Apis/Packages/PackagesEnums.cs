namespace CommunityFund.Api.Apis;

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

/// <summary>The wire names of the packages enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Economy.PricingTier, PricingTier> PricingTierMap = new(
        (Economy.PricingTier.PublicWelfare, PricingTier.PublicWelfare),
        (Economy.PricingTier.LowCost, PricingTier.LowCost),
        (Economy.PricingTier.Paid, PricingTier.Paid));

    /// <summary>The wire name of a <see cref="PricingTier"/>.</summary>
    public static PricingTier ToWire(this Economy.PricingTier value) => PricingTierMap.ToWire(value);

    /// <summary>The books' <c>PricingTier</c> for a wire name.</summary>
    public static Economy.PricingTier ToCore(this PricingTier value) => PricingTierMap.ToCore(value);
}
