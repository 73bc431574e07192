using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>The balances the store maintains with every append (per entity, account, unit and dimension).</summary>
public interface IBalanceReader
{
    /// <summary>Reads account balances, as maintained at posting.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">One entity, or <c>null</c> for all.</param>
    /// <param name="asOf">Include journals dated on or before this date; <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>One row per (entity, account, unit) that has postings, ordered by entity, account and unit.</returns>
    Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(LedgerId ledger, EntityId? entity, LocalDate? asOf, CancellationToken cancellationToken = default);
}
