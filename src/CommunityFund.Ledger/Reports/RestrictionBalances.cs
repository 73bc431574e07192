using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// Restricted net assets per restriction, rebuilt from the journals as of a date: what each purpose received, spent
/// and had released. Grants are checked against <see cref="RestrictionBalance.Available"/>, and the period close
/// releases each period's qualifying spending from 3102 to 3101.
/// </summary>
public static class RestrictionBalances
{
    /// <summary>The restrictions of a ledger's 民非 entities as of a date, by entity and name.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">One entity, or <c>null</c> for all.</param>
    /// <param name="asOf">The date, or <c>null</c> for everything posted.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The balances.</returns>
    public static async Task<ImmutableArray<RestrictionBalance>> ComputeAsync(ILedgerStore store, LedgerId ledger, EntityId? entity = null, LocalDate? asOf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return [];
        }

        var totals = new SortedDictionary<(string Entity, string Restriction), (long Received, long Spent, long Released)>();
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (asOf is { } date && journal.AccountingDate > date)
            {
                continue;
            }

            foreach (var line in journal.Lines)
            {
                if ((entity is { } only && line.Entity != only) || !line.Dimensions.TryGetValue(DimensionNames.Restriction, out var restriction)
                    || line.Amount.Currency != Currency.CNY || line.Account.IsMemo
                    || state.Definition.FindEntity(line.Entity) is not { Profile: AccountingProfile.NpoCn } owner
                    || owner.Chart.Find(line.Account) is not { } account)
                {
                    continue;
                }

                var key = (line.Entity.Value, restriction);
                var (received, spent, released) = totals.GetValueOrDefault(key);
                var credit = -line.SignedMinorUnits;
                if (journal.Kind == JournalKind.PeriodClose)
                {
                    // Closing entries only move revenue and spending into net assets.
                    continue;
                }

                if (journal.Kind == JournalKind.RestrictionRelease)
                {
                    if (account.Type != AccountType.NetAssets)
                    {
                        continue;
                    }

                    released = checked(released - credit);
                }
                else if (account.Type is AccountType.Revenue or AccountType.NetAssets)
                {
                    received = checked(received + credit);
                }
                else if (account.Type == AccountType.Expense)
                {
                    spent = checked(spent - credit);
                }
                else
                {
                    continue;
                }

                totals[key] = (received, spent, released);
            }
        }

        return [.. totals.Select(t => new RestrictionBalance(EntityId.From(t.Key.Entity), t.Key.Restriction,
            Money.FromMinorUnits(t.Value.Received, Currency.CNY), Money.FromMinorUnits(t.Value.Spent, Currency.CNY), Money.FromMinorUnits(t.Value.Released, Currency.CNY)))];
    }
}
