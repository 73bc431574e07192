using CommunityFund.Ledger;

namespace CommunityFund.Reports;

/// <summary>One balance the store maintains that differs from the same balance rebuilt from the journals.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="Unit">The unit code.</param>
/// <param name="Maintained">Debits minus credits as maintained, in minor units.</param>
/// <param name="Rebuilt">Debits minus credits rebuilt from the journals, in minor units.</param>
public sealed record BalanceMismatch(EntityId Entity, AccountCode Account, string Unit, long Maintained, long Rebuilt);
