namespace CommunityFund.Api.Apis;

/// <summary>
/// What a journal records. The names are part of the hash chain's canonical form: never rename a member.
/// </summary>
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

/// <summary>The wire names of the journals enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Ledger.JournalKind, JournalKind> JournalKindMap = new(
        (Ledger.JournalKind.Manual, JournalKind.Manual),
        (Ledger.JournalKind.Opening, JournalKind.Opening),
        (Ledger.JournalKind.Sale, JournalKind.Sale),
        (Ledger.JournalKind.Delivery, JournalKind.Delivery),
        (Ledger.JournalKind.Distribution, JournalKind.Distribution),
        (Ledger.JournalKind.Settlement, JournalKind.Settlement),
        (Ledger.JournalKind.Refund, JournalKind.Refund),
        (Ledger.JournalKind.Reversal, JournalKind.Reversal),
        (Ledger.JournalKind.Lease, JournalKind.Lease),
        (Ledger.JournalKind.Swap, JournalKind.Swap),
        (Ledger.JournalKind.Donation, JournalKind.Donation),
        (Ledger.JournalKind.Grant, JournalKind.Grant),
        (Ledger.JournalKind.RestrictionRelease, JournalKind.RestrictionRelease),
        (Ledger.JournalKind.TimeBank, JournalKind.TimeBank),
        (Ledger.JournalKind.Points, JournalKind.Points),
        (Ledger.JournalKind.PeriodClose, JournalKind.PeriodClose),
        (Ledger.JournalKind.SelfFinancing, JournalKind.SelfFinancing),
        (Ledger.JournalKind.Agency, JournalKind.Agency),
        (Ledger.JournalKind.Clearing, JournalKind.Clearing),
        (Ledger.JournalKind.GoodsGiveaway, JournalKind.GoodsGiveaway));

    /// <summary>The wire name of a <see cref="JournalKind"/>.</summary>
    public static JournalKind ToWire(this Ledger.JournalKind value) => JournalKindMap.ToWire(value);

    /// <summary>The books' <c>JournalKind</c> for a wire name.</summary>
    public static Ledger.JournalKind ToCore(this JournalKind value) => JournalKindMap.ToCore(value);
}
