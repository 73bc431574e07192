using CommunityFund.Storage;

namespace CommunityFund.Community;

/// <summary>The records of leases, swaps and the time bank kept beside their journals, each a typed
/// <see cref="RecordType{T}"/> with its kind name and schema version.</summary>
public static class CommunityRecords
{
    /// <summary>A lease or swap agreement with what was charged and posted; key its id, owner the operator.</summary>
    public static RecordType<ServiceAgreement> Agreement { get; } = new("agreement");

    /// <summary>A service delivered under an agreement; key <c>agreement/journal</c>, owner the agreement.</summary>
    public static RecordType<ServiceDelivery> Delivery { get; } = new("agreement-delivery");

    /// <summary>The ledger's donated-use policy; key <c>donated-use</c>.</summary>
    public static RecordType<DonatedUse> DonatedUseSetting { get; } = new("setting");

    /// <summary>A time-bank member's balance in minor units of HOUR or POINT; key <c>entity/unit/member</c>.</summary>
    public static RecordType<long> MemberBalance { get; } = new("member-balance");
}
