using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// One version of a revenue distribution policy — data, not code: the parties and their shares, the rounding rule,
/// the distributable tiers, the effective dates and the refund rules. Versions of a policy never overlap; a new
/// version never alters distributions made under an older one.
/// </summary>
/// <param name="Id">The policy id, a slug (e.g. <c>standard</c>).</param>
/// <param name="Version">The version, from 1.</param>
/// <param name="Hub">The hub entity receiving the hub share.</param>
/// <param name="Fund">The community-fund entity receiving the fund share.</param>
/// <param name="Shares">The shares, provider first by convention.</param>
/// <param name="EffectiveFrom">The first accounting date the version applies to.</param>
public sealed record DistributionPolicy(string Id, int Version, EntityId Hub, EntityId Fund, ImmutableArray<PolicyShare> Shares, LocalDate EffectiveFrom)
{
    /// <summary>The basis points every policy's shares sum to.</summary>
    public const int TotalBasisPoints = 10_000;

    /// <summary>The last accounting date the version applies to, or <c>null</c> for open-ended.</summary>
    public LocalDate? EffectiveTo { get; init; }

    /// <summary>How parts are rounded to the fen.</summary>
    public RoundingRule Rounding { get; init; } = RoundingRule.LargestRemainderWithCarry;

    /// <summary>The tiers whose revenue is distributed (default: paid and low-cost).</summary>
    public ImmutableSortedSet<PricingTier> DistributableTiers { get; init; } = [PricingTier.LowCost, PricingTier.Paid];

    /// <summary>The rule for the hub's share of refunds after settlement.</summary>
    public HubRefundRule HubRefund { get; init; } = HubRefundRule.NetOnNextStatement;

    /// <summary>The rule for the fund's share of refunds after settlement.</summary>
    public FundRefundRule FundRefund { get; init; } = FundRefundRule.OffsetAgainstLaterAccruals;

    /// <summary>The restriction the fund's receipts are recorded under (restricted donation revenue, 4101.02).</summary>
    public string FundRestriction { get; init; } = "community-fund-share";

    /// <summary>The standard 70 / 25 / 5 policy.</summary>
    /// <param name="hub">The hub entity.</param>
    /// <param name="fund">The community-fund entity.</param>
    /// <param name="effectiveFrom">The first date it applies to.</param>
    /// <param name="id">The policy id.</param>
    /// <param name="version">The version.</param>
    /// <returns>The policy.</returns>
    public static DistributionPolicy Standard(EntityId hub, EntityId fund, LocalDate effectiveFrom, string id = "standard", int version = 1) =>
        new(id, version, hub, fund,
            [new PolicyShare(DistributionParty.Provider, 7_000), new PolicyShare(DistributionParty.Hub, 2_500), new PolicyShare(DistributionParty.CommunityFund, 500)],
            effectiveFrom);

    /// <summary><c>true</c> when the version applies on <paramref name="date"/>.</summary>
    /// <param name="date">An accounting date.</param>
    /// <returns>Whether it applies.</returns>
    public bool AppliesOn(LocalDate date) => date >= EffectiveFrom && (EffectiveTo is not { } to || date <= to);

    /// <summary>The basis points of a party (0 when it has no share).</summary>
    /// <param name="party">The party.</param>
    /// <returns>Its basis points.</returns>
    public int SharesOf(DistributionParty party) => Shares.FirstOrDefault(s => s.Party == party)?.BasisPoints ?? 0;

    /// <summary>The reference written on journals: <c>id@version</c>.</summary>
    public string Reference => $"{Id}@{Version}";
}
