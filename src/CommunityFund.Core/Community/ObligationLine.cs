using NodaTime;

namespace CommunityFund.Community;

/// <summary>One service in one obligation month: what was owed, what was delivered, and the gap either way.</summary>
/// <param name="From">The month's first day.</param>
/// <param name="To">The month's last day (cut at the agreement's last day).</param>
/// <param name="Service">The service.</param>
/// <param name="Owed">What the month owes (prorated when cut short).</param>
/// <param name="Delivered">What was delivered in the month.</param>
/// <param name="Beneficiaries">Residents reached in the month.</param>
/// <param name="MinimumBeneficiaries">Residents to reach a month, 0 when not agreed.</param>
public sealed record ObligationLine(LocalDate From, LocalDate To, string Service, Money Owed, Money Delivered, int Beneficiaries, int MinimumBeneficiaries)
{
    /// <summary>What is still owed for the month: owed − delivered, when positive.</summary>
    public Money Shortfall => Owed > Delivered ? Owed - Delivered : Money.Zero(Owed.Currency);

    /// <summary>What was delivered beyond the month's obligation.</summary>
    public Money Surplus => Delivered > Owed ? Delivered - Owed : Money.Zero(Owed.Currency);

    /// <summary><c>true</c> when the month's obligation and its residents were met.</summary>
    public bool Met => !Shortfall.IsPositive && Beneficiaries >= MinimumBeneficiaries;
}
