namespace CommunityFund.Community;

/// <summary>How an in-kind donation was valued.</summary>
public enum InKindBasis
{
    /// <summary>At the value on the donor's voucher (invoice, agreement).</summary>
    Voucher = 1,

    /// <summary>At fair value (market price, appraisal) when there is no voucher.</summary>
    FairValue = 2,
}
