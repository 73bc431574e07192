using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>Volunteer hours a 民非 entity received as a donated service (服务捐赠), e.g. hours a time-bank member gave.</summary>
/// <param name="Entity">The entity that received the service.</param>
/// <param name="Date">The day the service was given.</param>
/// <param name="Member">The volunteer (the time bank's <c>member</c> reference).</param>
/// <param name="Hours">The hours, in HOUR.</param>
/// <param name="Conditions">Whether the service is recognised at fair value.</param>
/// <param name="Memo">What the service was.</param>
public sealed record DonatedService(EntityId Entity, LocalDate Date, string Member, Money Hours, DonatedServiceConditions Conditions, string Memo);
