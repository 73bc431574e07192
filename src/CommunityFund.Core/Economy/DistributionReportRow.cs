using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>One row of the distribution report.</summary>
/// <param name="Sale">The sale.</param>
/// <param name="Provider">The provider.</param>
/// <param name="Package">The package and version.</param>
/// <param name="Tier">The tier.</param>
/// <param name="Distribution">The distribution.</param>
/// <param name="HubStatus">The settlement status of the hub share (<c>null</c> when not yet on a statement).</param>
/// <param name="FundStatus">The settlement status of the fund share (<c>null</c> when not yet on a statement).</param>
/// <param name="Reversed">What refunds of the sale reversed.</param>
public sealed record DistributionReportRow(SaleId Sale, EntityId Provider, string Package, PricingTier Tier, DistributionRecord Distribution, SettlementStatus? HubStatus, SettlementStatus? FundStatus, SharePartition Reversed);
