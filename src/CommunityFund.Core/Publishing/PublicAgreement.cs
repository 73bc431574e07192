using System.Collections.Immutable;
using CommunityFund.Community;
using CommunityFund.Ledger;

namespace CommunityFund.Publishing;

/// <summary>A one-yuan lease or a resource-for-service swap as the public sees it for a month: what was handed over, the
/// rent asked and the fair value forgone, and the services owed against those delivered.</summary>
/// <param name="Id">The agreement id.</param>
/// <param name="Kind">Lease or swap.</param>
/// <param name="Operator">The organisation that operates the space or resources.</param>
/// <param name="Resource">The space (a lease) or the resources (a swap), described.</param>
/// <param name="NominalRent">The rent asked per charge period (a lease; zero for a swap).</param>
/// <param name="FairValueForgone">The fair value the community gives up per month: the fair rent less the nominal rent
/// (a lease, per month), or the resources' monthly value (a swap).</param>
/// <param name="Months">The obligation months that overlap the published month: services owed and delivered.</param>
public sealed record PublicAgreement(string Id, AgreementKind Kind, EntityId Operator, string Resource, Money NominalRent, Money FairValueForgone, ImmutableArray<ObligationLine> Months);
