using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// The cash an entity moved, read from the journals' cash lines (现金, 银行存款, 其他货币资金 and their sub-accounts), by the
/// cash-flow item each line names (ADR 0020). Lines naming none are summed apart as unclassified: a transfer between
/// cash accounts nets to zero inside its journal and is no cash flow; anything else left there is cash moved without a
/// classification, shown on the statement and reported by the audit, never guessed.
/// </summary>
public static class CashFlows
{
    /// <summary>The cash an entity moved in a range, by item, and the cash moved without an item.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="chart">The entity's chart (its cash accounts are read).</param>
    /// <param name="after">Journals dated after this day are read.</param>
    /// <param name="through">Journals dated on or before this day are read.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Signed fen by item (debit, cash in, positive) and the unclassified net.</returns>
    public static async Task<(ImmutableDictionary<CashFlowItem, long> ByItem, long Unclassified)> SumAsync(
        ILedgerStore store, LedgerId ledger, EntityId entity, ChartOfAccounts chart, LocalDate after, LocalDate through, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(chart);
        var byItem = new Dictionary<CashFlowItem, long>();
        long unclassified = 0;
        var seen = new HashSet<JournalId>();
        foreach (var account in chart.Accounts.Where(a => !a.IsMemo && CashFlowItem.IsCashAccount(a.Code) && chart.IsLeaf(a.Code)))
        {
            await foreach (var journal in store.ReadAccountJournalsAsync(ledger, entity, account.Code, after.PlusDays(1), through, cancellationToken).ConfigureAwait(false))
            {
                if (!seen.Add(journal.Id))
                {
                    continue;
                }

                foreach (var line in CashLines(journal, entity))
                {
                    if (line.CashFlow is { } item)
                    {
                        byItem[item] = checked(byItem.GetValueOrDefault(item) + line.SignedMinorUnits);
                    }
                    else
                    {
                        unclassified = checked(unclassified + line.SignedMinorUnits);
                    }
                }
            }
        }

        return (byItem.ToImmutableDictionary(), unclassified);
    }

    /// <summary>The cash a journal moved without a cash-flow item, per entity: the net of its unclassified cash lines
    /// (zero, and not listed, for a transfer between cash accounts).</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>The entities with a non-zero unclassified net, in ordinal order, with that net (debit positive).</returns>
    public static ImmutableArray<(EntityId Entity, Money Amount)> Unclassified(Journal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return [.. journal.Lines
            .Where(l => l.CashFlow is null && IsCashLine(l))
            .GroupBy(l => l.Entity.Value, StringComparer.Ordinal)
            .Select(g => (Entity: EntityId.From(g.Key), Net: g.Sum(l => l.SignedMinorUnits)))
            .Where(x => x.Net != 0)
            .OrderBy(x => x.Entity.Value, StringComparer.Ordinal)
            .Select(x => (x.Entity, Money.FromMinorUnits(x.Net, Currency.CNY)))];
    }

    /// <summary>The cash (货币资金) of an entity as of a day: the balance of its cash accounts.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="asOf">The day.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Signed fen.</returns>
    public static async Task<long> CashAsync(ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var balances = await store.GetBalancesAsync(ledger, entity, asOf, cancellationToken).ConfigureAwait(false);
        return balances.Where(b => b.Unit == Currency.CNY && CashFlowItem.IsCashAccount(b.Account))
            .Aggregate(0L, (sum, b) => checked(sum + b.DebitMinorUnits - b.CreditMinorUnits));
    }

    private static IEnumerable<JournalLine> CashLines(Journal journal, EntityId entity) =>
        journal.Lines.Where(l => l.Entity == entity && IsCashLine(l));

    private static bool IsCashLine(JournalLine line) =>
        line.Amount.HasCurrency && line.Amount.Currency == Currency.CNY && !line.Account.IsMemo && CashFlowItem.IsCashAccount(line.Account);
}
