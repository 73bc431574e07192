using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;
using Totals = (long Received, long Spent, long Released);

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

        var fold = new Fold(state.Definition, entity, asOf);
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            fold.Add(journal);
        }

        return fold.Balances();
    }

    /// <summary>Folds journals, one at a time, into the balances <see cref="ComputeAsync"/> returns (so that other
    /// checks can share one scan of the journals).</summary>
    internal sealed class Fold(LedgerDefinition definition, EntityId? entity, LocalDate? asOf)
    {
        private readonly SortedDictionary<(string Entity, string Restriction), Totals> _totals = [];

        internal void Add(Journal journal)
        {
            // Closing entries only move revenue and spending into net assets.
            if ((asOf is { } date && journal.AccountingDate > date) || journal.Kind == JournalKind.PeriodClose)
            {
                return;
            }

            foreach (var line in journal.Lines)
            {
                if (RestrictedLine(definition, entity, line) is not { } counted)
                {
                    continue;
                }

                var key = (line.Entity.Value, counted.Restriction);
                if (Moved(_totals.GetValueOrDefault(key), journal.Kind, counted.Type, -line.SignedMinorUnits) is { } moved)
                {
                    _totals[key] = moved;
                }
            }
        }

        internal ImmutableArray<RestrictionBalance> Balances() =>
            [.. _totals.Select(t => new RestrictionBalance(EntityId.From(t.Key.Entity), t.Key.Restriction,
                Money.FromMinorUnits(t.Value.Received, Currency.CNY), Money.FromMinorUnits(t.Value.Spent, Currency.CNY), Money.FromMinorUnits(t.Value.Released, Currency.CNY)))];
    }

    /// <summary>The restriction a line is tagged with and the type of its account, when the line is CNY, not memo,
    /// of a 民非 entity (the one asked for, if any) and on an account of its chart; otherwise <c>null</c>.</summary>
    private static (string Restriction, AccountType Type)? RestrictedLine(LedgerDefinition definition, EntityId? entity, JournalLine line)
    {
        if ((entity is { } only && line.Entity != only) || !line.Dimensions.TryGetValue(DimensionNames.Restriction, out var restriction)
            || line.Amount.Currency != Currency.CNY || line.Account.IsMemo
            || definition.FindEntity(line.Entity) is not { Profile: AccountingProfile.NpoCn } owner
            || owner.Chart.Find(line.Account) is not { } account)
        {
            return null;
        }

        return (restriction, account.Type);
    }

    /// <summary>A restriction's totals after one line: a release moves net assets out of it, revenue and net assets
    /// received add to it, spending draws on it; <c>null</c> when the line does none of these.</summary>
    private static Totals? Moved(Totals totals, JournalKind kind, AccountType type, long credit)
    {
        var (received, spent, released) = totals;
        if (kind == JournalKind.RestrictionRelease)
        {
            return type == AccountType.NetAssets ? (received, spent, checked(released - credit)) : null;
        }

        return type switch
        {
            AccountType.Revenue or AccountType.NetAssets => (checked(received + credit), spent, released),
            AccountType.Expense => (received, checked(spent - credit), released),
            _ => null,
        };
    }
}
