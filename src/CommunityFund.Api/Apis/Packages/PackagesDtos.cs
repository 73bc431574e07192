using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>
/// One version of a provider's service package: its bilingual name, what it contains and its tier prices. A change
/// publishes a new version; a sale always points at the version it was sold under. A package of more than one session
/// is sold prepaid and recognised as its sessions are delivered, unless it declares
/// <c>SessionsDeliveredAtSale</c>.
/// </summary>
/// <param name="Id">The package id, a slug unique per ledger (e.g. <c>elder-meals</c>).</param>
/// <param name="Provider">The provider entity that sells it.</param>
/// <param name="Version">The version, from 1.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Sessions">How many sessions one package contains (at least 1).</param>
/// <param name="Hours">How many service hours one package contains (HOUR; may be zero).</param>
/// <param name="Tiers">The tiers it is offered in, with their prices.</param>
/// <param name="EffectiveFrom">The first date this version applies to.</param>
public sealed record ServicePackageDto(string Id, EntityId Provider, int Version, string NameZh, string NameEn, int Sessions, Money Hours, ImmutableSortedDictionary<PricingTier, TierPriceDto> Tiers, LocalDate EffectiveFrom)
{
    /// <summary>
    /// Whether every session of the package is delivered when it is sold (e.g. a meal package whose meals are served at
    /// the counter), so that a sale which is not prepaid may recognise it and record its sessions delivered on the sale
    /// day. Default <c>false</c>: a package of more than one session is then sold prepaid (recognised per delivery),
    /// and a sale that is not prepaid is refused with <c>SessionsNotDeliveredAtSale</c>.
    /// A one-session package needs no declaration: its single session is the sale.
    /// </summary>
    public bool SessionsDeliveredAtSale { get; init; }

    /// <summary>Maps the books' <c>ServicePackage</c>.</summary>
    public static ServicePackageDto FromCore(Economy.ServicePackage value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Id, value.Provider, value.Version, value.NameZh, value.NameEn, value.Sessions, value.Hours, value.Tiers.ToImmutableSortedDictionary(p => p.Key.ToWire(), p => TierPriceDto.FromCore(p.Value)), value.EffectiveFrom)
        {
            SessionsDeliveredAtSale = value.SessionsDeliveredAtSale,
        };
    }
}

/// <summary>The resident price of a tier, and for the low-cost tier its cap.</summary>
/// <param name="Price">What a resident pays for one package (zero for public-welfare).</param>
/// <param name="Cap">The highest allowed low-cost price; required for <c>LowCost</c>.</param>
public sealed record TierPriceDto(Money Price, Money? Cap = null)
{
    /// <summary>Maps the books' <c>TierPrice</c>.</summary>
    public static TierPriceDto FromCore(Economy.TierPrice value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Price, value.Cap);
    }
}

/// <summary>A tier price.</summary>
public sealed record TierRequest(Money Price, Money? Cap = null);

/// <summary>A package version to publish.</summary>
/// <param name="Id">The package id (a slug).</param>
/// <param name="Provider">The provider that sells it.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Sessions">How many sessions one package contains.</param>
/// <param name="Hours">How many service hours one package contains (HOUR).</param>
/// <param name="Tiers">The tiers it is offered in, with their prices.</param>
/// <param name="EffectiveFrom">The first date the version applies to.</param>
/// <param name="SessionsDeliveredAtSale">Whether all its sessions are delivered when it is sold (e.g. meals served at the
/// counter); without it, a package of more than one session can only be sold prepaid.</param>
public sealed record PackageRequest(string Id, string Provider, string NameZh, string NameEn, int Sessions, Money Hours, Dictionary<PricingTier, TierRequest> Tiers, LocalDate EffectiveFrom,
    bool SessionsDeliveredAtSale = false);
