using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public static partial class DistributionReports
{
    /// <summary>One page of the distribution report (<see cref="DistributionsAsync"/>'s rows, by date then journal): at
    /// most <paramref name="limit"/> rows after the row of the distribution journal <paramref name="after"/>. The sale
    /// records are folded one at a time keeping only the page's best candidates, so a page holds at most
    /// <paramref name="limit"/> rows however many distributions the range has (one pass over the sales, two with a
    /// cursor: the first finds the cursor's date); statements' statuses are looked up for the page's rows only.</summary>
    /// <param name="store">The economy store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="from">The first date, or <c>null</c>.</param>
    /// <param name="to">The last date, or <c>null</c>.</param>
    /// <param name="after">The journal of the previous page's last row, or <c>null</c> for the first page.</param>
    /// <param name="limit">The most rows (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page's rows, by date then journal; empty when <paramref name="after"/> names no row of the report.</returns>
    public static async Task<ImmutableArray<DistributionReportRow>> DistributionsPageAsync(IEconomyStore store, LedgerId ledger, EntityId? provider, LocalDate? from, LocalDate? to,
        JournalId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        bool InRange(DistributionRecord d) => (from is null || d.Date >= from) && (to is null || d.Date <= to);
        (LocalDate Date, JournalId Journal)? cursor = null;
        if (after is { } journal)
        {
            await foreach (var sale in SaleDistributions.ReadAllAsync(store, ledger, provider, cancellationToken).ConfigureAwait(false))
            {
                if (sale.Distributions.FirstOrDefault(d => d.Journal == journal && InRange(d)) is { } found)
                {
                    cursor = (found.Date, found.Journal);
                    break;
                }
            }

            if (cursor is null)
            {
                return [];
            }
        }

        var best = new PriorityQueue<(SaleDistributions Sale, DistributionRecord Distribution), (LocalDate Date, JournalId Journal)>(limit + 1, Comparer<(LocalDate, JournalId)>.Create((a, b) => b.CompareTo(a)));
        await foreach (var sale in SaleDistributions.ReadAllAsync(store, ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            foreach (var d in sale.Distributions.Where(d => InRange(d) && (cursor is null || (d.Date, d.Journal).CompareTo(cursor.Value) > 0)))
            {
                if (best.Count < limit)
                {
                    best.Enqueue((sale, d), (d.Date, d.Journal));
                }
                else if (best.TryPeek(out _, out var worst) && (d.Date, d.Journal).CompareTo(worst) < 0)
                {
                    best.DequeueEnqueue((sale, d), (d.Date, d.Journal));
                }
            }
        }

        var page = best.UnorderedItems.Select(i => i.Element).OrderBy(x => x.Distribution.Date).ThenBy(x => x.Distribution.Journal).ToList();
        var status = await StatusesAsync(store, ledger, provider, page.Select(x => x.Distribution.Journal).ToHashSet(), cancellationToken).ConfigureAwait(false);
        return [.. page.Select(x => Row(x.Sale, x.Distribution, status))];
    }

    /// <summary>The settlement status of each (journal, counterparty) on a statement, for the given journals only.</summary>
    private static async Task<Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus>> StatusesAsync(
        IEconomyStore store, LedgerId ledger, EntityId? provider, HashSet<JournalId> journals, CancellationToken cancellationToken)
    {
        var status = new Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus>();
        foreach (var statement in await store.ListStatementsAsync(ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in statement.Items.Where(i => i.AmountMinorUnits > 0 && journals.Contains(i.Journal)))
            {
                status.Add((item.Journal, statement.Counterparty), statement.Status);
            }
        }

        return status;
    }

    private static DistributionReportRow Row(SaleDistributions s, DistributionRecord d, Dictionary<(JournalId Journal, DistributionParty Counterparty), SettlementStatus> status) => new(
        s.Id, s.Request.Provider, $"{s.Request.PackageId}@{s.PackageVersion}", s.Request.Tier, d,
        status.TryGetValue((d.Journal, DistributionParty.Hub), out var hub) ? hub : null,
        status.TryGetValue((d.Journal, DistributionParty.CommunityFund), out var fund) ? fund : null,
        s.Reversed);
}
