using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Publishing;

/// <summary>A donation as the public sees it: the donor is named only with their consent (recorded on the donation);
/// otherwise <see cref="Donor"/> is <c>null</c> and the page says "anonymous".</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Donor">The donor's name, or <c>null</c> when they did not consent to be named.</param>
/// <param name="Amount">The amount (negative for a reversal of a donation).</param>
/// <param name="Restriction">The restriction it was given under, or <c>null</c>.</param>
public sealed record PublicDonation(LocalDate Date, string? Donor, Money Amount, string? Restriction);
