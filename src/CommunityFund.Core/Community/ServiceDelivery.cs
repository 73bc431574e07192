using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>A recorded service delivery under an agreement.</summary>
/// <param name="Agreement">The agreement id.</param>
/// <param name="Service">Which obligation it counts towards.</param>
/// <param name="Date">When it was delivered.</param>
/// <param name="Quantity">Sessions (COUNT) or hours (HOUR), in the obligation's unit.</param>
/// <param name="Beneficiaries">Residents reached.</param>
/// <param name="Evidence">A reference to the evidence (sign-in sheet, photos, feedback forms).</param>
public sealed record ServiceDelivery(string Agreement, string Service, LocalDate Date, Money Quantity, int Beneficiaries, string Evidence)
{
    /// <summary>The memo journal that recorded it.</summary>
    public JournalId? Journal { get; init; }
}
