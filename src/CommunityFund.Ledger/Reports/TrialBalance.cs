using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>An entity's trial balance (试算平衡表) as of a date, one section per unit.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Entity">The entity.</param>
/// <param name="EntityName">The entity's name.</param>
/// <param name="AsOf">The date, or <c>null</c> for everything posted.</param>
/// <param name="Sections">Monetary first, then memo sections, by unit code.</param>
public sealed record TrialBalance(LedgerId Ledger, EntityId Entity, string EntityName, LocalDate? AsOf, ImmutableArray<TrialBalanceSection> Sections)
{
    /// <summary><c>true</c> when every section balances.</summary>
    public bool IsBalanced => Sections.All(s => s.IsBalanced);

    /// <summary>Builds the trial balance of one entity from the store's maintained balances.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="asOf">The date, or <c>null</c> for everything posted.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The trial balance.</returns>
    /// <exception cref="KeyNotFoundException">The ledger or the entity does not exist.</exception>
    public static async Task<TrialBalance> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate? asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var balances = await store.GetBalancesAsync(ledger, entity, asOf, cancellationToken).ConfigureAwait(false);
        return Build(state.Definition, entity, balances, asOf);
    }

    /// <summary>Builds the trial balance of one entity from balances.</summary>
    /// <param name="ledger">The ledger definition.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="balances">Balances; rows of other entities are ignored.</param>
    /// <param name="asOf">The date the balances are as of, or <c>null</c>.</param>
    /// <returns>The trial balance.</returns>
    /// <exception cref="KeyNotFoundException">The entity does not exist.</exception>
    public static TrialBalance Build(LedgerDefinition ledger, EntityId entity, IEnumerable<AccountBalance> balances, LocalDate? asOf)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(balances);
        var definition = ledger.FindEntity(entity) ?? throw new KeyNotFoundException($"Ledger '{ledger.Id}' has no entity '{entity}'.");
        var sections = balances
            .Where(b => b.Entity == entity)
            .GroupBy(b => (b.Unit, b.Account.IsMemo))
            .OrderBy(g => g.Key.IsMemo)
            .ThenBy(g => g.Key.Unit.Code, StringComparer.Ordinal)
            .Select(group =>
            {
                var unit = group.Key.Unit;
                var rows = group.OrderBy(b => b.Account).Select(b =>
                {
                    var account = definition.Chart.Find(b.Account);
                    var net = b.Balance;
                    return new TrialBalanceRow(
                        b.Account,
                        account?.NameZh ?? "?",
                        account?.NameEn ?? "?",
                        account?.Type ?? (b.Account.IsMemo ? AccountType.Memo : AccountType.Asset),
                        b.Debits,
                        b.Credits,
                        net.IsPositive ? net : Money.Zero(unit),
                        net.IsNegative ? net.Negate() : Money.Zero(unit));
                }).ToImmutableArray();
                var debit = rows.Aggregate(Money.Zero(unit), (sum, r) => sum + r.DebitBalance);
                var credit = rows.Aggregate(Money.Zero(unit), (sum, r) => sum + r.CreditBalance);
                return new TrialBalanceSection(unit, group.Key.IsMemo, rows, debit, credit);
            })
            .ToImmutableArray();
        return new TrialBalance(ledger.Id, entity, definition.Name, asOf, sections);
    }
}
