using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Publishing;

/// <summary>A grant the fund paid, by project, with its purpose and date.</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Project">The project (programme).</param>
/// <param name="Purpose">What it is for.</param>
/// <param name="Amount">The amount (negative for a reversal of a grant).</param>
public sealed record PublicGrant(LocalDate Date, string Project, string Purpose, Money Amount);
