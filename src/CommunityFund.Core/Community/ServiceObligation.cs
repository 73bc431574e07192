namespace CommunityFund.Community;

/// <summary>A service owed to residents every month of an agreement.</summary>
/// <param name="Service">What is owed (e.g. "public-welfare sessions"); unique within the agreement.</param>
/// <param name="PerMonth">How much a month: sessions in COUNT or hours in HOUR.</param>
/// <param name="MinimumBeneficiariesPerMonth">The residents to reach each month, or 0 when not agreed.</param>
public sealed record ServiceObligation(string Service, Money PerMonth, int MinimumBeneficiariesPerMonth = 0);
