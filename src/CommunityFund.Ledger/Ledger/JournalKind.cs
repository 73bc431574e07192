namespace CommunityFund.Ledger;

/// <summary>What a journal records. The names are part of the hash chain's canonical form: never rename a member.</summary>
public enum JournalKind
{
    /// <summary>A journal entered by hand.</summary>
    Manual = 1,

    /// <summary>Opening balances.</summary>
    Opening = 2,

    /// <summary>Sale of a service package.</summary>
    Sale = 3,

    /// <summary>Delivery of prepaid sessions (revenue recognised).</summary>
    Delivery = 4,

    /// <summary>The 70/25/5 distribution of recognised revenue.</summary>
    Distribution = 5,

    /// <summary>Settlement of distributed shares.</summary>
    Settlement = 6,

    /// <summary>A refund linked to a sale.</summary>
    Refund = 7,

    /// <summary>A reversal (红字冲销) of a posted journal; created only by the reversal command.</summary>
    Reversal = 8,

    /// <summary>Rent and memo entries of a lease agreement.</summary>
    Lease = 9,

    /// <summary>Entries of a resource-for-service swap.</summary>
    Swap = 10,

    /// <summary>A donation received.</summary>
    Donation = 11,

    /// <summary>A grant given to a community project.</summary>
    Grant = 12,

    /// <summary>A release of restricted net assets.</summary>
    RestrictionRelease = 13,

    /// <summary>A time-bank hours transfer.</summary>
    TimeBank = 14,

    /// <summary>A points transfer.</summary>
    Points = 15,

    /// <summary>Closing entries of a period.</summary>
    PeriodClose = 16,

    /// <summary>Self-financing income (charity market, charity supermarket, caring parking).</summary>
    SelfFinancing = 17,

    /// <summary>A gift held as agent for a named beneficiary (受托代理), received or passed on.</summary>
    Agency = 18,

    /// <summary>Money in transit with a payment channel reaching the bank, less the channel's fee.</summary>
    Clearing = 19,

    /// <summary>Donated goods given away free, leaving inventory at their carrying value (业务活动成本 / 存货).</summary>
    GoodsGiveaway = 20,
}
