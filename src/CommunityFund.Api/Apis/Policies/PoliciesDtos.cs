using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

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
public sealed record DistributionPolicyDto(string Id, int Version, EntityId Hub, EntityId Fund, ImmutableArray<PolicyShareDto> Shares, LocalDate EffectiveFrom)
{
    /// <summary>The last accounting date the version applies to, or <c>null</c> for open-ended.</summary>
    public LocalDate? EffectiveTo { get; init; }

    /// <summary>How parts are rounded to the fen.</summary>
    public RoundingRule Rounding { get; init; }

    /// <summary>The tiers whose revenue is distributed (default: paid and low-cost).</summary>
    public ImmutableSortedSet<PricingTier> DistributableTiers { get; init; } = [];

    /// <summary>The rule for the hub's share of refunds after settlement.</summary>
    public HubRefundRule HubRefund { get; init; }

    /// <summary>The rule for the fund's share of refunds after settlement.</summary>
    public FundRefundRule FundRefund { get; init; }

    /// <summary>The restriction the fund's receipts are recorded under (restricted donation revenue, 4101.02).</summary>
    public string FundRestriction { get; init; } = string.Empty;

    /// <summary>The reference written on journals: <c>id@version</c>.</summary>
    public string Reference { get; private init; } = string.Empty;

    /// <summary>Maps the books' <c>DistributionPolicy</c>.</summary>
    public static DistributionPolicyDto FromCore(Economy.DistributionPolicy value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Id, value.Version, value.Hub, value.Fund, [.. value.Shares.Select(PolicyShareDto.FromCore)], value.EffectiveFrom)
        {
            EffectiveTo = value.EffectiveTo,
            Rounding = value.Rounding.ToWire(),
            DistributableTiers = [.. value.DistributableTiers.Select(x => x.ToWire())],
            HubRefund = value.HubRefund.ToWire(),
            FundRefund = value.FundRefund.ToWire(),
            FundRestriction = value.FundRestriction,
            Reference = value.Reference,
        };
    }
}

/// <summary>A party and its share in basis points (1/100 of a percent).</summary>
/// <param name="Party">The party.</param>
/// <param name="BasisPoints">Its share; the shares of a policy sum to exactly 10,000.</param>
public sealed record PolicyShareDto(DistributionParty Party, int BasisPoints)
{
    /// <summary>Maps the books' <c>PolicyShare</c>.</summary>
    public static PolicyShareDto FromCore(Economy.PolicyShare value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Party.ToWire(), value.BasisPoints);
    }
}

/// <summary>A share of a policy.</summary>
public sealed record ShareRequest(DistributionParty Party, int BasisPoints);

/// <summary>A distribution policy version.</summary>
public sealed record PolicyRequest(string Id, int Version, string Hub, string Fund, List<ShareRequest> Shares, LocalDate EffectiveFrom, LocalDate? EffectiveTo = null,
    List<PricingTier>? DistributableTiers = null, HubRefundRule HubRefund = HubRefundRule.NetOnNextStatement, FundRefundRule FundRefund = FundRefundRule.OffsetAgainstLaterAccruals,
    string FundRestriction = "community-fund-share")
{
    /// <summary>The books' policy (a validated request: slugs and shares checked by <see cref="PolicyValidator"/>).</summary>
    public Economy.DistributionPolicy ToCore() =>
        new(Id, Version, EntityId.From(Hub), EntityId.From(Fund), [.. Shares.Select(s => new Economy.PolicyShare(s.Party.ToCore(), s.BasisPoints))], EffectiveFrom)
        {
            EffectiveTo = EffectiveTo,
            DistributableTiers = DistributableTiers is { } tiers ? [.. tiers.Select(t => t.ToCore())] : [Economy.PricingTier.LowCost, Economy.PricingTier.Paid],
            HubRefund = HubRefund.ToCore(),
            FundRefund = FundRefund.ToCore(),
            FundRestriction = FundRestriction,
        };
}
