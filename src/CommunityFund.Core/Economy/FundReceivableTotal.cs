using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>One provider's total owed to one fund, by age, reconciled with the provider's payable in its own books.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Fund">The community-fund entity.</param>
/// <param name="Days0To30">Outstanding 0–30 days.</param>
/// <param name="Days31To90">Outstanding 31–90 days.</param>
/// <param name="Over90Days">Outstanding more than 90 days.</param>
/// <param name="UnappliedCredit">Reversals not yet received that exceed every unpaid month (the fund owes them back,
/// or they wait for later accruals); zero or positive.</param>
/// <param name="PayableInBooks">The provider's payable to the fund by its journals (DueToFund, counterparty = the fund),
/// dated up to the schedule's date.</param>
public sealed record FundReceivableTotal(EntityId Provider, EntityId Fund, Money Days0To30, Money Days31To90, Money Over90Days, Money UnappliedCredit, Money PayableInBooks)
{
    /// <summary>What the schedule says is owed: the three buckets less the unapplied credit.</summary>
    public Money Outstanding => Days0To30 + Days31To90 + Over90Days - UnappliedCredit;

    /// <summary><c>true</c> when the schedule, built from the sale and statement records, equals the payable in the
    /// provider's books.</summary>
    public bool Agrees => Outstanding == PayableInBooks;
}
