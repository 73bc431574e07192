namespace CommunityFund.Api.Apis;

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

/// <summary>How a distribution rounds to the fen.</summary>
public enum RoundingRule
{
    /// <summary>
    /// Largest remainder with carried remainders per provider and policy version (no drift); see
    /// <c>CarryForwardAllocator</c>.
    /// </summary>
    LargestRemainderWithCarry = 1,
}

/// <summary>What happens to the hub's share of a refund once that share was settled.</summary>
public enum HubRefundRule
{
    /// <summary>The provider's payable to the hub is reduced; the next statement nets it (default).</summary>
    NetOnNextStatement = 1,

    /// <summary>A clawback receivable from the hub is booked, outside the statements.</summary>
    ClawbackReceivable = 2,
}

/// <summary>What happens to the community fund's share of a refund once that share was settled.</summary>
public enum FundRefundRule
{
    /// <summary>The provider's payable to the fund is reduced; later accruals offset it (default).</summary>
    OffsetAgainstLaterAccruals = 1,

    /// <summary>The fund keeps what it received; the provider absorbs that part of the refund.</summary>
    AbsorbedByProvider = 2,
}

/// <summary>The wire names of the policies enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Economy.DistributionParty, DistributionParty> DistributionPartyMap = new(
        (Economy.DistributionParty.Provider, DistributionParty.Provider),
        (Economy.DistributionParty.Hub, DistributionParty.Hub),
        (Economy.DistributionParty.CommunityFund, DistributionParty.CommunityFund));

    /// <summary>The wire name of a <see cref="DistributionParty"/>.</summary>
    public static DistributionParty ToWire(this Economy.DistributionParty value) => DistributionPartyMap.ToWire(value);

    /// <summary>The books' <c>DistributionParty</c> for a wire name.</summary>
    public static Economy.DistributionParty ToCore(this DistributionParty value) => DistributionPartyMap.ToCore(value);

    private static readonly WireEnum<Economy.RoundingRule, RoundingRule> RoundingRuleMap = new(
        (Economy.RoundingRule.LargestRemainderWithCarry, RoundingRule.LargestRemainderWithCarry));

    /// <summary>The wire name of a <see cref="RoundingRule"/>.</summary>
    public static RoundingRule ToWire(this Economy.RoundingRule value) => RoundingRuleMap.ToWire(value);

    /// <summary>The books' <c>RoundingRule</c> for a wire name.</summary>
    public static Economy.RoundingRule ToCore(this RoundingRule value) => RoundingRuleMap.ToCore(value);

    private static readonly WireEnum<Economy.HubRefundRule, HubRefundRule> HubRefundRuleMap = new(
        (Economy.HubRefundRule.NetOnNextStatement, HubRefundRule.NetOnNextStatement),
        (Economy.HubRefundRule.ClawbackReceivable, HubRefundRule.ClawbackReceivable));

    /// <summary>The wire name of a <see cref="HubRefundRule"/>.</summary>
    public static HubRefundRule ToWire(this Economy.HubRefundRule value) => HubRefundRuleMap.ToWire(value);

    /// <summary>The books' <c>HubRefundRule</c> for a wire name.</summary>
    public static Economy.HubRefundRule ToCore(this HubRefundRule value) => HubRefundRuleMap.ToCore(value);

    private static readonly WireEnum<Economy.FundRefundRule, FundRefundRule> FundRefundRuleMap = new(
        (Economy.FundRefundRule.OffsetAgainstLaterAccruals, FundRefundRule.OffsetAgainstLaterAccruals),
        (Economy.FundRefundRule.AbsorbedByProvider, FundRefundRule.AbsorbedByProvider));

    /// <summary>The wire name of a <see cref="FundRefundRule"/>.</summary>
    public static FundRefundRule ToWire(this Economy.FundRefundRule value) => FundRefundRuleMap.ToWire(value);

    /// <summary>The books' <c>FundRefundRule</c> for a wire name.</summary>
    public static Economy.FundRefundRule ToCore(this FundRefundRule value) => FundRefundRuleMap.ToCore(value);
}
