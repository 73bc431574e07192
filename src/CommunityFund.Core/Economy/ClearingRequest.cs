using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>Money a payment channel (WeChat Pay, Alipay) paid out to an entity's bank account: the amount that leaves
/// the channel's in-transit account, and the channel's fee (手续费) kept back from it.</summary>
/// <param name="Entity">The entity whose channel account is cleared (a provider, the hub or the fund).</param>
/// <param name="Channel">WeChat Pay or Alipay.</param>
/// <param name="Date">The date the money reached the bank.</param>
/// <param name="Amount">The gross amount cleared out of the in-transit account.</param>
/// <param name="Fee">The channel's fee kept back (zero or more, less than the amount); the bank receives the rest.</param>
public sealed record ClearingRequest(EntityId Entity, PaymentChannel Channel, LocalDate Date, Money Amount, Money Fee);
