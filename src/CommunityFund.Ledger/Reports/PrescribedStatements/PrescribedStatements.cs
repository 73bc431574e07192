using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// Builds the statements in the official formats from the maintained balances (the same as-of reads as the other
/// statements): balances at the date and at the start of the year; movements for the month and the year to date, with
/// the closing entries of periods closed inside them added back, so a closed month still shows its revenue and expenses.
/// </summary>
public static class PrescribedStatements
{
    /// <summary>Builds a form for an entity at a date.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">An entity keeping the books the form is for.</param>
    /// <param name="form">The form.</param>
    /// <param name="date">The balance sheet's date, or the last day of the period statement's month.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="KeyNotFoundException">The ledger or entity does not exist.</exception>
    /// <exception cref="ArgumentException">The entity keeps other books than the form is for.</exception>
    public static async Task<PrescribedStatement> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId entity, PrescribedForm form, LocalDate date, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var layout = PrescribedLayouts.For(form);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var definition = state.Definition.FindEntity(entity) ?? throw new KeyNotFoundException($"Ledger '{ledger}' has no entity '{entity}'.");
        var booksStart = state.Definition.BooksStart;
        var yearStart = LocalDate.Max(new LocalDate(date.Year, 1, 1), booksStart);
        var monthStart = LocalDate.Max(new LocalDate(date.Year, date.Month, 1), booksStart);
        var sources = new Dictionary<PrescribedPeriod, Source>();
        foreach (var period in layout.Columns.Select(c => c.Period).Distinct())
        {
            var (after, through) = period switch
            {
                PrescribedPeriod.StartOfYear => ((LocalDate?)null, yearStart.PlusDays(-1)),
                PrescribedPeriod.End => (null, date),
                PrescribedPeriod.Month => (monthStart.PlusDays(-1), date),
                _ => (yearStart.PlusDays(-1), date),
            };
            sources[period] = layout.IsCashFlow
                ? await CashSourceAsync(store, ledger, entity, definition.Chart, after!.Value, through, cancellationToken).ConfigureAwait(false)
                : await SourceAsync(store, ledger, entity, layout.Profile, after, through, cancellationToken).ConfigureAwait(false);
        }

        return new PrescribedStatement(layout, entity, definition.Name, date, yearStart, monthStart, Compute(layout, definition.Chart, sources));
    }

    /// <summary>Balances as of <paramref name="through"/>, or the movement after <paramref name="after"/> with closings added back.</summary>
    private static async Task<Source> SourceAsync(ILedgerStore store, LedgerId ledger, EntityId entity, AccountingProfile profile, LocalDate? after, LocalDate through, CancellationToken ct)
    {
        var (_, amounts) = await Statements.MovementAsync(store, ledger, entity, after, through, ct, profile).ConfigureAwait(false);
        if (after is not { } start)
        {
            return new Source(amounts, 0);
        }

        var (closing, released) = await ClosedPeriods.BetweenAsync(store, ledger, entity, start, through, ct).ConfigureAwait(false);
        foreach (var (account, amount) in closing)
        {
            amounts[account] = checked(amounts.GetValueOrDefault(account) - amount);
        }

        return new Source(amounts, released);
    }

    /// <summary>The cash moved after <paramref name="after"/> through <paramref name="through"/>, by cash-flow item, and
    /// the cash held at the start.</summary>
    private static async Task<Source> CashSourceAsync(ILedgerStore store, LedgerId ledger, EntityId entity, ChartOfAccounts chart, LocalDate after, LocalDate through, CancellationToken ct)
    {
        var (byItem, unclassified) = await CashFlows.SumAsync(store, ledger, entity, chart, after, through, ct).ConfigureAwait(false);
        var atStart = await CashFlows.CashAsync(store, ledger, entity, after, ct).ConfigureAwait(false);
        return new Source([], 0) { CashFlows = byItem, Unclassified = unclassified, CashAtStart = atStart };
    }

    private static ImmutableArray<PrescribedLine> Compute(PrescribedLayout layout, ChartOfAccounts chart, Dictionary<PrescribedPeriod, Source> sources)
    {
        var byNumber = new Dictionary<int, long[]>();
        var lines = ImmutableArray.CreateBuilder<PrescribedLine>(layout.Rows.Length);
        foreach (var row in layout.Rows)
        {
            var amounts = row.Kind == PrescribedRowKind.Heading
                ? []
                : layout.Columns.Select((column, index) => Amount(row, column, chart, sources[column.Period], index, byNumber)).ToArray();
            if (row.Number is { } number && row.Kind != PrescribedRowKind.Heading)
            {
                byNumber[number] = amounts;
            }

            lines.Add(new PrescribedLine(row, [.. amounts.Select(a => Money.FromMinorUnits(a, Currency.CNY))]));
        }

        return lines.MoveToImmutable();
    }

    private static long Amount(PrescribedRow row, PrescribedColumn column, ChartOfAccounts chart, Source source, int index, Dictionary<int, long[]> byNumber) => row.Kind switch
    {
        PrescribedRowKind.Total => checked(row.Rows.Sum(r => checked(Math.Sign(r) * byNumber[Math.Abs(r)][index])) + (row.AddsUnclassified ? source.Unclassified : 0)),
        PrescribedRowKind.Unclassified => source.Unclassified,
        PrescribedRowKind.CashAtStart => source.CashAtStart,
        _ when !row.CashFlows.IsEmpty => checked((row.Side == Side.Debit ? 1 : -1) * row.CashFlows.Sum(i => source.CashFlows.GetValueOrDefault(i))),
        PrescribedRowKind.Release => column.Restriction switch
        {
            PrescribedRestriction.Unrestricted => source.Released,
            PrescribedRestriction.Restricted => -source.Released,
            _ => 0,
        },
        _ => checked((row.Side == Side.Debit ? 1 : -1) * source.Amounts
            .Where(a => row.Reads(chart, a.Key) && PrescribedRow.Admits(column.Restriction, PrescribedRow.IsRestricted(chart, a.Key)))
            .Sum(a => a.Value)),
    };

    private sealed record Source(Dictionary<AccountCode, long> Amounts, long Released)
    {
        public ImmutableDictionary<CashFlowItem, long> CashFlows { get; init; } = ImmutableDictionary<CashFlowItem, long>.Empty;

        public long Unclassified { get; init; }

        public long CashAtStart { get; init; }
    }
}
