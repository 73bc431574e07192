using System.Collections.Concurrent;
using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>
/// The fairness and by-period figures (<see cref="DistributionReports.FairnessAsync"/>,
/// <see cref="DistributionReports.ByPeriodAsync"/>) kept as running totals per ledger, so a report costs the journals
/// posted since the last one instead of a fold over every sale. Each call reads the journals after the position it
/// remembers (the log is append-only), and for each sale they name reads its record once and folds exactly the
/// distributions and refunds recorded with those journals (a distribution or refund is written in the same append as
/// its journal and never changes after): each is counted once, whatever the order of reads and writes. A refund of a
/// sale with no distribution yet counts under the sale's policy until the sale's first distribution arrives, then moves
/// to that distribution's policy, as the full fold keys it. The totals live in memory and are rebuilt from the journals
/// after a restart, so they are always derived from the durable books; they are as small as the distinct (provider,
/// policy, date) and (provider, month, policy) keys, plus the refunded sales still waiting for a first distribution.
/// </summary>
public sealed class DistributionTotals
{
    private const int PageSize = 500;
    private readonly ILedgerStore _journals;
    private readonly IEconomyStore _records;
    private readonly ConcurrentDictionary<LedgerId, Totals> _ledgers = new();

    /// <summary>Creates the totals over a ledger store's journals and an economy store's sale records.</summary>
    /// <param name="journals">The journals (read after a position).</param>
    /// <param name="records">The sale records, as durable as the journals.</param>
    public DistributionTotals(ILedgerStore journals, IEconomyStore records)
    {
        _journals = journals ?? throw new ArgumentNullException(nameof(journals));
        _records = records ?? throw new ArgumentNullException(nameof(records));
    }

    /// <summary>The fairness report from the running totals: equal to <see cref="DistributionReports.FairnessAsync"/>.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="through">The last date included, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The streams.</returns>
    public async Task<ImmutableArray<FairnessStream>> FairnessAsync(LedgerId ledger, LocalDate? through = null, CancellationToken cancellationToken = default)
    {
        var policies = (await _records.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var streams = new Dictionary<(EntityId Provider, string Policy), (int Count, long Base, SharePartition Parts)>();
        await ReadAsync(ledger, totals =>
        {
            foreach (var ((provider, policy, date), (count, total, parts)) in totals.Distributions.Where(d => through is null || d.Key.Date <= through))
            {
                var (n, sum, shares) = streams.GetValueOrDefault((provider, policy), (0, 0, SharePartition.Zero));
                streams[(provider, policy)] = (n + count, checked(sum + total), shares.Plus(parts));
            }
        }, cancellationToken).ConfigureAwait(false);
        return DistributionReports.Streams(streams, policies);
    }

    /// <summary>The distributions per provider, month and policy from the running totals: equal to
    /// <see cref="DistributionReports.ByPeriodAsync"/>.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows, by provider, month and policy.</returns>
    public async Task<ImmutableArray<DistributionPeriodRow>> ByPeriodAsync(LedgerId ledger, EntityId? provider = null, CancellationToken cancellationToken = default)
    {
        var rows = new SortedDictionary<(string Provider, YearMonth Month, string Policy), (int Count, long Base, SharePartition Parts, SharePartition Reversed)>();
        await ReadAsync(ledger, totals =>
        {
            foreach (var ((seller, policy, date), (count, total, parts)) in totals.Distributions.Where(d => provider is null || d.Key.Provider == provider))
            {
                var key = (seller.Value, new YearMonth(date.Year, date.Month), policy);
                var (n, sum, shares, reversed) = rows.GetValueOrDefault(key, (0, 0, SharePartition.Zero, SharePartition.Zero));
                rows[key] = (n + count, checked(sum + total), shares.Plus(parts), reversed);
            }

            foreach (var ((seller, month, policy), (_, reversedNow)) in totals.Refunds.Where(r => r.Value.Count > 0 && (provider is null || r.Key.Provider == provider)))
            {
                var key = (seller.Value, month, policy);
                var (n, sum, shares, reversed) = rows.GetValueOrDefault(key, (0, 0, SharePartition.Zero, SharePartition.Zero));
                rows[key] = (n, sum, shares, reversed.Plus(reversedNow));
            }
        }, cancellationToken).ConfigureAwait(false);
        return DistributionReports.PeriodRows(rows);
    }

    /// <summary>One page of the distribution report: equal to the rows of <see cref="DistributionReports.DistributionsAsync"/>
    /// after the row of <paramref name="after"/>, at most <paramref name="limit"/> of them. The distributions posted as
    /// journals of their own are read from the store by date and id; those with nothing to post (no hub or fund part: the
    /// record names its sale's or delivery's journal) from the few the running totals remember; the two merged. Reads the
    /// page's journals, their sales and the statements, not every sale.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">One provider, or <c>null</c> for all.</param>
    /// <param name="from">The first date, or <c>null</c>.</param>
    /// <param name="to">The last date, or <c>null</c>.</param>
    /// <param name="after">The journal of the previous page's last row, or <c>null</c> for the first page.</param>
    /// <param name="limit">The most rows (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page's rows, by date then journal; empty when <paramref name="after"/> names no row of the report.</returns>
    public async Task<ImmutableArray<DistributionReportRow>> DistributionsPageAsync(LedgerId ledger, EntityId? provider, LocalDate? from, LocalDate? to,
        JournalId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var cursorJournal = after is { } journal ? await _journals.GetJournalAsync(ledger, journal, cancellationToken).ConfigureAwait(false) : null;
        if (after is not null && cursorJournal is null)
        {
            return [];
        }

        var unposted = new List<DistributionIndex.Entry>(limit);
        DatedJournalId? cursor = cursorJournal is { Kind: JournalKind.Distribution } ? new(cursorJournal.AccountingDate, cursorJournal.Id) : null;
        await ReadAsync(ledger, totals =>
        {
            if (cursorJournal is { Kind: not JournalKind.Distribution })
            {
                cursor = totals.Index.Find(cursorJournal.Id) is { } start && In(start) ? new(start.Date, start.Journal) : null;
                if (cursor is null)
                {
                    return;
                }
            }

            var rest = totals.Index.From(cursor?.Date ?? from, cursor?.Id);
            unposted.AddRange(rest.TakeWhile(e => to is null || e.Date <= to).Where(In).Take(limit));
        }, cancellationToken).ConfigureAwait(false);
        bool In(DistributionIndex.Entry e) => (provider is null || e.Provider == provider) && (from is null || e.Date >= from) && (to is null || e.Date <= to);
        if ((after is not null && cursor is null)
            || (cursorJournal is { Kind: JournalKind.Distribution } && !await IsRowAsync(ledger, cursorJournal, provider, from, to, cancellationToken).ConfigureAwait(false)))
        {
            return [];
        }

        var posted = await PostedRowsAsync(ledger, provider, from, to, cursor, limit, cancellationToken).ConfigureAwait(false);
        var others = await DistributionReports.RowsAsync(_records, ledger, [.. unposted.Select(e => (e.Sale, e.Journal))], cancellationToken).ConfigureAwait(false);
        return [.. posted.Concat(others).OrderBy(r => r.Distribution.Date).ThenBy(r => r.Distribution.Journal).Take(limit)];
    }

    /// <summary>The first rows after the cursor of the distributions posted as journals of their own: the provider's lines
    /// narrow the journals in the store, its sales' records decide (a hub's lines are on its providers' distributions too).</summary>
    private async Task<List<DistributionReportRow>> PostedRowsAsync(LedgerId ledger, EntityId? provider, LocalDate? from, LocalDate? to,
        DatedJournalId? cursor, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<DistributionReportRow>(limit);
        while (rows.Count < limit)
        {
            var page = await _journals.ReadKindJournalsPageAsync(ledger, JournalKind.Distribution, provider, from, to, cursor, limit, cancellationToken).ConfigureAwait(false);
            var picks = page.Select(j => (Sale: SaleRecords.IdOf(j.Metadata), j.Id)).Where(p => p.Sale is not null).Select(p => (p.Sale!.Value, p.Id)).ToList();
            var found = await DistributionReports.RowsAsync(_records, ledger, picks, cancellationToken).ConfigureAwait(false);
            rows.AddRange(found.Where(r => provider is null || r.Provider == provider).Take(limit - rows.Count));
            if (page.Count < limit)
            {
                break;
            }

            cursor = new DatedJournalId(page[^1].AccountingDate, page[^1].Id);
        }

        return rows;
    }

    /// <summary>Whether a distribution journal is a row of the report: dated in the range, of the provider's sale.</summary>
    private async Task<bool> IsRowAsync(LedgerId ledger, Journal journal, EntityId? provider, LocalDate? from, LocalDate? to, CancellationToken cancellationToken)
    {
        if ((from is not null && journal.AccountingDate < from) || (to is not null && journal.AccountingDate > to) || SaleRecords.IdOf(journal) is not { } sale)
        {
            return false;
        }

        var records = await _records.GetRecordsAsync(ledger, EconomyRecords.Sale.Kind, [sale.ToString()], cancellationToken).ConfigureAwait(false);
        return records.Select(SaleDistributions.Read).Any(r => (provider is null || r.Request.Provider == provider) && r.Distributions.Any(d => d.Journal == journal.Id));
    }

    /// <summary>Brings the ledger's totals up to the journals posted so far, then reads them under the ledger's gate.</summary>
    private async Task ReadAsync(LedgerId ledger, Action<Totals> read, CancellationToken cancellationToken)
    {
        var totals = _ledgers.GetOrAdd(ledger, _ => new Totals());
        await totals.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (await _journals.ReadJournalsAsync(ledger, totals.Position, PageSize, cancellationToken).ConfigureAwait(false) is { Count: > 0 } page)
            {
                await FoldAsync(ledger, totals, page, cancellationToken).ConfigureAwait(false);
                totals.Position = page[^1].Sequence;
            }

            read(totals);
        }
        finally
        {
            totals.Gate.Release();
        }
    }

    /// <summary>Folds a page of journals: per sale they name, its distributions and refunds recorded with them.</summary>
    private async Task FoldAsync(LedgerId ledger, Totals totals, IReadOnlyList<Journal> page, CancellationToken cancellationToken)
    {
        var bySale = page
            .Select(j => (Sale: SaleRecords.IdOf(j), j.Id))
            .Where(x => x.Sale is not null)
            .GroupBy(x => x.Sale!.Value.ToString(), x => x.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToHashSet());
        if (bySale.Count == 0)
        {
            return;
        }

        var posted = page.Where(j => j.Kind == JournalKind.Distribution).Select(j => j.Id).ToHashSet();
        foreach (var document in await _records.GetRecordsAsync(ledger, EconomyRecords.Sale.Kind, bySale.Keys, cancellationToken).ConfigureAwait(false))
        {
            totals.Fold(SaleDistributions.Read(document), bySale[document.Key], posted);
        }
    }

    /// <summary>One ledger's totals and how far they have read.</summary>
    private sealed class Totals
    {
        internal SemaphoreSlim Gate { get; } = new(1, 1);

        internal long Position { get; set; }

        internal Dictionary<(EntityId Provider, string Policy, LocalDate Date), (int Count, long Base, SharePartition Parts)> Distributions { get; } = [];

        internal Dictionary<(EntityId Provider, YearMonth Month, string Policy), (int Count, SharePartition Reversed)> Refunds { get; } = [];

        /// <summary>The refunds counted under a sale's own policy while it had no distribution: (month, reversed).</summary>
        private Dictionary<SaleId, List<(YearMonth Month, SharePartition Reversed)>> Waiting { get; } = [];

        /// <summary>The distributions with nothing to post (recorded on their sale's or delivery's journal), by date then
        /// journal: the report's rows the store's distribution journals do not give.</summary>
        internal DistributionIndex Index { get; } = new();

        internal void Fold(SaleDistributions sale, HashSet<JournalId> journals, HashSet<JournalId> posted)
        {
            var provider = sale.Request.Provider;
            foreach (var distribution in sale.Distributions.Where(d => journals.Contains(d.Journal)))
            {
                var key = (provider, distribution.PolicyReference, distribution.Date);
                var (count, total, parts) = Distributions.GetValueOrDefault(key, (0, 0, SharePartition.Zero));
                Distributions[key] = (count + 1, checked(total + distribution.Base.MinorUnits), parts.Plus(distribution.Parts));
                if (!posted.Contains(distribution.Journal))
                {
                    Index.Add(distribution.Date, distribution.Journal, provider, sale.Id);
                }
            }

            var fallback = sale.PolicyReference ?? "-";
            if (sale.Distributions.FirstOrDefault() is { } first && Waiting.Remove(sale.Id, out var waiting))
            {
                foreach (var (month, reversed) in waiting)
                {
                    AddRefund((provider, month, fallback), -1, Negate(reversed));
                    AddRefund((provider, month, first.PolicyReference), 1, reversed);
                }
            }

            var policy = sale.Distributions.FirstOrDefault()?.PolicyReference;
            foreach (var refund in sale.Refunds.Where(r => journals.Contains(r.Journal)))
            {
                var month = new YearMonth(refund.Date.Year, refund.Date.Month);
                AddRefund((provider, month, policy ?? fallback), 1, refund.Reversed);
                if (policy is null)
                {
                    (Waiting.TryGetValue(sale.Id, out var list) ? list : Waiting[sale.Id] = []).Add((month, refund.Reversed));
                }
            }
        }

        private void AddRefund((EntityId, YearMonth, string) key, int count, SharePartition reversed)
        {
            var (n, sum) = Refunds.GetValueOrDefault(key, (0, SharePartition.Zero));
            Refunds[key] = (n + count, sum.Plus(reversed));
        }

        private static SharePartition Negate(SharePartition parts) => new(-parts.Provider, -parts.Hub, -parts.Fund);
    }
}
