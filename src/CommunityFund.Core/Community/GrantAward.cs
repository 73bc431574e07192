using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>A grant from the fund to a community project (微项目资助).</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Project">The project (a slug, recorded as the <c>programme</c> dimension).</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The amount in CNY, paid from the fund's bank account.</param>
/// <param name="Purpose">What it is for.</param>
public sealed record GrantAward(EntityId Fund, string Project, LocalDate Date, Money Amount, string Purpose)
{
    /// <summary>The restriction it is charged to, or <c>null</c> for unrestricted funds.</summary>
    public string? Restriction { get; init; }
}
