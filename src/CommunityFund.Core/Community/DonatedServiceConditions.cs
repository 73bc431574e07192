using System.Collections.Immutable;

namespace CommunityFund.Community;

/// <summary>
/// The conditions under which the revised 民非 system (财会〔2024〕25号, from 2026-01-01) has donated services (服务捐赠)
/// recognised at fair value, as ADR 0021 reads them: the service needs specialised skills and is given by people who
/// have them; without the donation the organisation would normally have to buy it; and its fair value can be measured
/// reliably (an hourly <see cref="FairValue"/> with its basis). When any one fails, the hours stay memo only
/// (M300 服务捐赠备查) and are disclosed. Immutable.
/// </summary>
/// <param name="SpecialisedSkills">The service needs specialised skills and the volunteer has them (a lawyer's advice,
/// a nurse's care), not general help anyone could give.</param>
/// <param name="WouldOtherwiseBePurchased">Without the donation, the organisation would normally have to buy the service.</param>
/// <param name="HourlyFairValue">The fair value of one hour of the service, in CNY, with its basis; <c>null</c> when it
/// cannot be measured reliably.</param>
public sealed record DonatedServiceConditions(bool SpecialisedSkills, bool WouldOtherwiseBePurchased, FairValue? HourlyFairValue)
{
    /// <summary>Hours given by volunteers without a specialised skill, valued by no one: memo only.</summary>
    public static DonatedServiceConditions MemoOnly { get; } = new(false, false, null);

    /// <summary><c>true</c> when every condition holds, so the service is recognised.</summary>
    public bool Hold => Unmet.IsEmpty;

    /// <summary>The conditions that fail, by name (<c>specialisedSkills</c>, <c>wouldOtherwiseBePurchased</c>,
    /// <c>hourlyFairValue</c>); empty when they all hold.</summary>
    public ImmutableArray<string> Unmet =>
    [
        .. SpecialisedSkills ? [] : new[] { "specialisedSkills" },
        .. WouldOtherwiseBePurchased ? [] : new[] { "wouldOtherwiseBePurchased" },
        .. HourlyFairValue is { Amount: { HasCurrency: true, IsPositive: true } value } && value.Currency == Currency.CNY ? [] : new[] { "hourlyFairValue" },
    ];
}
