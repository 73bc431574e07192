using System.Collections.Immutable;
using CommunityFund.Community;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Hours a 民非 entity received as a donated service (服务捐赠).</summary>
/// <param name="Date">The day the service was given.</param>
/// <param name="Member">The volunteer's time-bank member reference.</param>
/// <param name="Hours">The hours, in HOUR.</param>
/// <param name="Memo">What the service was.</param>
/// <param name="Voucher">The donor's voucher (凭据), when one was given; without it the hours stay memo only.</param>
public sealed record DonatedServiceRequest(LocalDate Date, string Member, Money Hours, string Memo, DonatedServiceVoucherDto? Voucher = null)
{
    /// <summary>The books' service.</summary>
    /// <param name="entityId">The entity that received it.</param>
    public DonatedService ToCore(string entityId) =>
        new(EntityId.From(entityId), Date, Member, Hours,
            new DonatedServiceConditions(Voucher is null ? null : new DonatedServiceVoucher(Voucher.Reference, Voucher.Amount, Voucher.ReflectsFairValue)), Memo);
}

/// <summary>The voucher (凭据) a donor of services gave: an invoice or a similar document.</summary>
/// <param name="Reference">Its number or file reference.</param>
/// <param name="Amount">The amount it states, in CNY.</param>
/// <param name="ReflectsFairValue">The organisation judged the amount reflects the service's fair value.</param>
public sealed record DonatedServiceVoucherDto(string Reference, Money Amount, bool ReflectsFairValue);

/// <summary>A recorded donated service.</summary>
/// <param name="Recognised">Whether the service was recognised (Dr 5101.07 受赠服务 / Cr 4101.01 捐赠收入).</param>
/// <param name="Unmet">The conditions that failed (<c>voucher</c>, <c>voucherReflectsFairValue</c>), or <c>revisedChart</c>
/// when the entity does not keep the revised 民非 chart on that day; empty when recognised.</param>
/// <param name="Journals">The memo journal, then the recognition journal when recognised.</param>
public sealed record DonatedServiceDto(bool Recognised, ImmutableArray<string> Unmet, ImmutableArray<JournalDto> Journals)
{
    /// <summary>Maps the journals a recorded service posted.</summary>
    /// <param name="service">The service.</param>
    /// <param name="journals">Its journals, the memo journal first.</param>
    public static DonatedServiceDto From(DonatedService service, ImmutableArray<Journal> journals)
    {
        var recognised = journals.Length > 1;
        ImmutableArray<string> unmet = recognised ? [] : service.Conditions.Hold ? ["revisedChart"] : service.Conditions.Unmet;
        return new DonatedServiceDto(recognised, unmet, [.. journals.Select(j => JournalDto.FromCore(j))]);
    }
}
