namespace CommunityFund.Economy;

/// <summary>Where a settlement statement stands. It only moves forward.</summary>
public enum SettlementStatus
{
    /// <summary>Prepared: the provider owes the amount.</summary>
    Owed = 1,

    /// <summary>The hub issued its invoice, or the fund its donation receipt.</summary>
    Invoiced = 2,

    /// <summary>Paid: the settlement journal is posted.</summary>
    Settled = 3,
}
