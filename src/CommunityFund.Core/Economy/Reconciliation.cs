using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>A provider's due-to balance against the counterparty's due-from balance.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Counterparty">The hub, or the community fund (which recognises the 5% only when received, so its row
/// holds only what it owes back after refunds: the provider's 1122.02 against the fund's 2209.03, both negative).</param>
/// <param name="ProviderOwes">What the provider's books say it owes the counterparty (net of clawbacks).</param>
/// <param name="CounterpartyClaims">What the counterparty's books say the provider owes it (net of amounts due back).</param>
public sealed record Reconciliation(EntityId Provider, EntityId Counterparty, Money ProviderOwes, Money CounterpartyClaims)
{
    /// <summary><c>true</c> when both books agree.</summary>
    public bool Agrees => ProviderOwes == CounterpartyClaims;
}
