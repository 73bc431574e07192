using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>The operator's revenue from a leased space for one month of the agreement, and the fund's share paid on it.</summary>
/// <param name="Agreement">The lease id.</param>
/// <param name="Month">The first day of the agreement month (the start date or a month after it).</param>
/// <param name="Revenue">The operator's revenue from the space in that month, in CNY (zero or more).</param>
/// <param name="Date">The payment date.</param>
/// <param name="Fund">The community fund receiving the share.</param>
public sealed record RevenueSharePayment(string Agreement, LocalDate Month, Money Revenue, LocalDate Date, EntityId Fund)
{
    /// <summary>The part of <see cref="RevenueSharePayment.Revenue"/> that is service-package revenue a distribution
    /// policy already shares with the community fund (its 70/25/5), or <c>null</c> for none. More than zero is refused
    /// unless the lease says <see cref="LeaseTerms.FundShareOnDistributedRevenue"/>.</summary>
    public Money? DistributedRevenue { get; init; }
}
