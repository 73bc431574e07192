using CommunityFund.Ledger;

namespace CommunityFund.Publishing;

/// <summary>The month's money through one provider organisation, as the distribution split it: what residents paid
/// for its services (the distributed base, net of refunds), what the provider kept, and the hub's and the fund's shares
/// levied on it. The fund's share here is the share levied in the month; <see cref="PublicFigures.FundShares"/> is what
/// the fund received in the month.</summary>
/// <param name="Provider">The provider organisation.</param>
/// <param name="ResidentsPaid">Residents' payments distributed in the month (the base, net of refunds).</param>
/// <param name="Kept">The provider's part.</param>
/// <param name="Hub">The hub's part.</param>
/// <param name="Fund">The community fund's part.</param>
public sealed record ProviderFlow(EntityId Provider, Money ResidentsPaid, Money Kept, Money Hub, Money Fund);
