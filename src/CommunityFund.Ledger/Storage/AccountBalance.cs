using CommunityFund.Ledger;

namespace CommunityFund.Storage;

/// <summary>The debit and credit totals of one account of one entity in one unit.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="Unit">The unit.</param>
/// <param name="DebitMinorUnits">The sum of debits, in minor units.</param>
/// <param name="CreditMinorUnits">The sum of credits, in minor units.</param>
public sealed record AccountBalance(EntityId Entity, AccountCode Account, Currency Unit, long DebitMinorUnits, long CreditMinorUnits)
{
    /// <summary>The sum of debits.</summary>
    public Money Debits => Money.FromMinorUnits(DebitMinorUnits, Unit);

    /// <summary>The sum of credits.</summary>
    public Money Credits => Money.FromMinorUnits(CreditMinorUnits, Unit);

    /// <summary>Debits minus credits: positive is a debit balance.</summary>
    public Money Balance => Money.FromMinorUnits(checked(DebitMinorUnits - CreditMinorUnits), Unit);
}
