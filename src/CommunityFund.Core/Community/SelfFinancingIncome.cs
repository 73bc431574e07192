using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>Self-financing income of the community fund.</summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Date">The accounting date.</param>
/// <param name="Amount">The money received, in CNY.</param>
/// <param name="Channel">How it came in.</param>
public sealed record SelfFinancingIncome(EntityId Fund, SelfFinancingSource Source, LocalDate Date, Money Amount, PaymentChannel Channel)
{
    /// <summary>For sales of donated goods: their carrying value leaving inventory (1201.01), or <c>null</c>.</summary>
    public Money? GoodsCost { get; init; }

    /// <summary>A note (e.g. "Saturday market, 12 booths").</summary>
    public string? Memo { get; init; }
}
