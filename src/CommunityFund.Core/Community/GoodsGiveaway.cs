using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>Donated goods the fund gives away free (e.g. winter clothes handed out at a charity event): they leave
/// inventory at their carrying value as a programme cost.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Cost">The goods' carrying value in CNY, at most the donated goods held (1201.01).</param>
/// <param name="Purpose">What was given, to whom (pseudonymously) and why.</param>
public sealed record GoodsGiveaway(EntityId Fund, LocalDate Date, Money Cost, string Purpose)
{
    /// <summary>The programme it is charged to (a slug, the <c>programme</c> dimension); <c>null</c> for the charity
    /// supermarket.</summary>
    public string? Programme { get; init; }
}
