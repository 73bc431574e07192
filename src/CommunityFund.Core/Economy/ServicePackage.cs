using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// One version of a provider's service package: its bilingual name, what it contains and its tier prices. A change
/// publishes a new version; a sale always points at the version it was sold under. A package of more than one session
/// is sold prepaid and recognised as its sessions are delivered, unless it declares
/// <see cref="SessionsDeliveredAtSale"/>.
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
public sealed record ServicePackage(
    string Id,
    EntityId Provider,
    int Version,
    string NameZh,
    string NameEn,
    int Sessions,
    Money Hours,
    ImmutableSortedDictionary<PricingTier, TierPrice> Tiers,
    LocalDate EffectiveFrom)
{
    /// <summary>
    /// Whether every session of the package is delivered when it is sold (e.g. a meal package whose meals are served at
    /// the counter), so that a sale which is not prepaid may recognise it and record its sessions delivered on the sale
    /// day. Default <c>false</c>: a package of more than one session is then sold prepaid (recognised per delivery),
    /// and a sale that is not prepaid is refused with <see cref="EconomyErrorCodes.SessionsNotDeliveredAtSale"/>.
    /// A one-session package needs no declaration: its single session is the sale.
    /// </summary>
    public bool SessionsDeliveredAtSale { get; init; }
}
