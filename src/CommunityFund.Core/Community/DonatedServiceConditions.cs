using System.Collections.Immutable;

namespace CommunityFund.Community;

/// <summary>
/// The conditions under which the revised 民非 system (财会〔2024〕25号, from 2026-01-01) has a donated service (服务捐赠)
/// recognised, as ADR 0021 reads them: the donor gave a voucher (凭据: an invoice or a similar document) and the amount
/// it states reflects the service's fair value; the service is then recognised at the voucher's amount, as an expense and
/// a donation revenue at once. Without such a voucher the service is not recognised: the hours stay memo only
/// (M300 服务捐赠备查) and are disclosed. Immutable.
/// </summary>
/// <param name="Voucher">The donor's voucher, or <c>null</c> when there is none (the usual case of a volunteer's hours).</param>
public sealed record DonatedServiceConditions(DonatedServiceVoucher? Voucher)
{
    /// <summary>Hours given without a voucher: memo only.</summary>
    public static DonatedServiceConditions MemoOnly { get; } = new((DonatedServiceVoucher?)null);

    /// <summary><c>true</c> when every condition holds, so the service is recognised.</summary>
    public bool Hold => Unmet.IsEmpty;

    /// <summary>The conditions that fail, by name (<c>voucher</c>: none, or without a reference or a positive CNY amount;
    /// <c>voucherReflectsFairValue</c>: its amount does not reflect the fair value); empty when they all hold.</summary>
    public ImmutableArray<string> Unmet =>
        Voucher switch
        {
            null => ["voucher"],
            { IsComplete: false } => ["voucher"],
            { ReflectsFairValue: false } => ["voucherReflectsFairValue"],
            _ => [],
        };
}
