using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>Builds the payment reconciliation: per entity, channel (WeChat Pay, Alipay) and day, the books' in-transit
/// movements, the statement's rows, what is matched, what is unmatched on each side, and the fees. Also what the audit
/// needs: statement rows left unmatched, and money in transit longer than it should be.</summary>
public static class PaymentReconciliation
{
    /// <summary>Builds the report.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="economy">The economy's records.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="from">The first day.</param>
    /// <param name="to">The last day.</param>
    /// <param name="channel">One channel (WeChat Pay or Alipay), or <c>null</c> for both.</param>
    /// <param name="entity">One entity, or <c>null</c> for every entity that keeps money.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public static async Task<PaymentReconciliationReport> BuildAsync(ILedgerStore store, IEconomyStore economy, LedgerId ledger, LocalDate from, LocalDate to,
        PaymentChannel? channel, EntityId? entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(economy);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var days = new List<PaymentReconciliationDay>();
        foreach (var (id, accounts) in MoneyEntities(state, entity))
        {
            var inputs = await InputsAsync(economy, ledger, id, cancellationToken).ConfigureAwait(false);
            foreach (var ch in channel is { } one ? [one] : new[] { PaymentChannel.WeChatPay, PaymentChannel.Alipay })
            {
                var movements = await MovementsAsync(store, ledger, id, accounts.For(ch), from, to, cancellationToken).ConfigureAwait(false);
                days.AddRange(Days(id, ch, from, to, inputs, movements));
            }
        }

        return new PaymentReconciliationReport(ledger, from, to, channel, entity, [.. days]);
    }

    /// <summary>The statement rows of an entity (or all) that no standing match covers, with their age.</summary>
    /// <param name="economy">The economy's records.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity, or <c>null</c> for all.</param>
    /// <param name="asOf">The date ages are counted to.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows.</returns>
    public static async Task<IReadOnlyList<UnmatchedRow>> UnmatchedRowsAsync(IEconomyStore economy, LedgerId ledger, EntityId? entity, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(economy);

        // The rows and the standing matches only: the books' payments (one per sale) have no part in it.
        var rows = await economy.ReadStatementRowsAsync(ledger, entity?.Value, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return [];
        }

        var matched = (await economy.ReadRecordsAsync(ledger, EconomyRecords.PaymentMatch, entity?.Value, cancellationToken).ConfigureAwait(false))
            .Where(m => m.IsActive).SelectMany(m => m.Rows).ToHashSet(StringComparer.Ordinal);
        return [.. rows.Where(r => !matched.Contains(PaymentMatcher.RowKey(r)))
            .Select(r => new UnmatchedRow(PaymentMatcher.RowKey(r), r, PaymentMatcher.AgeDays(r.Time.Date, asOf)))];
    }

    /// <summary>Money in transit longer than <paramref name="days"/>: the in-transit balance as of <paramref name="asOf"/>
    /// less what came in over the last <paramref name="days"/> days (first in, first out); positive amounts only.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="asOf">As of.</param>
    /// <param name="days">The age beyond which money in transit is stale.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>Per entity and channel, the stale amount.</returns>
    public static async Task<IReadOnlyList<(EntityId Entity, PaymentChannel Channel, Money Stale)>> StaleInTransitAsync(ILedgerStore store, LedgerId ledger, LocalDate asOf, int days, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var stale = new List<(EntityId, PaymentChannel, Money)>();
        // What came in over the last days is the growth of the account's debits since the day before them: two reads
        // of the running balances, however many payments the days hold.
        var balances = await store.GetBalancesAsync(ledger, null, asOf, cancellationToken).ConfigureAwait(false);
        var before = await store.GetBalancesAsync(ledger, null, asOf.PlusDays(-days), cancellationToken).ConfigureAwait(false);
        foreach (var (id, accounts) in MoneyEntities(state, null))
        {
            foreach (var channel in new[] { PaymentChannel.WeChatPay, PaymentChannel.Alipay })
            {
                var account = accounts.For(channel);
                var mine = balances.Where(b => b.Entity == id && b.Account == account && b.Unit == Currency.CNY).ToList();
                var held = mine.Sum(b => b.DebitMinorUnits - b.CreditMinorUnits);
                var recent = mine.Sum(b => b.DebitMinorUnits) - before.Where(b => b.Entity == id && b.Account == account && b.Unit == Currency.CNY).Sum(b => b.DebitMinorUnits);
                if (held - recent > 0)
                {
                    stale.Add((id, channel, Money.FromMinorUnits(held - recent, Currency.CNY)));
                }
            }
        }

        return stale;
    }

    private static IEnumerable<(EntityId Id, ProviderAccounts Accounts)> MoneyEntities(LedgerState state, EntityId? entity) =>
        state.Definition.Entities.Values
            .Where(e => entity is null || e.Id == entity)
            .Select(e => (e.Id, Accounts: ProviderAccounts.For(e.Profile)))
            .Where(p => p.Accounts is not null)
            .Select(p => (p.Id, p.Accounts!))
            .OrderBy(p => p.Id.Value, StringComparer.Ordinal);

    private static async Task<Dictionary<LocalDate, (long Debit, long Credit)>> MovementsAsync(ILedgerStore store, LedgerId ledger, EntityId entity, AccountCode account, LocalDate from, LocalDate to, CancellationToken ct)
    {
        var movements = new Dictionary<LocalDate, (long Debit, long Credit)>();
        await foreach (var journal in store.ReadAccountJournalsAsync(ledger, entity, account, from, to, ct).ConfigureAwait(false))
        {
            foreach (var line in journal.Lines.Where(l => l.Entity == entity && l.Account == account && l.Amount.Currency == Currency.CNY))
            {
                var (debit, credit) = movements.GetValueOrDefault(journal.AccountingDate);
                movements[journal.AccountingDate] = line.Side == Side.Debit ? (debit + line.Amount.MinorUnits, credit) : (debit, credit + line.Amount.MinorUnits);
            }
        }

        return movements;
    }

    private static IEnumerable<PaymentReconciliationDay> Days(EntityId entity, PaymentChannel channel, LocalDate from, LocalDate to, Inputs inputs, Dictionary<LocalDate, (long Debit, long Credit)> movements)
    {
        var rows = inputs.Rows.Where(r => r.Entity == entity && r.Channel == channel && r.Time.Date >= from && r.Time.Date <= to).ToLookup(r => r.Time.Date);
        var book = inputs.Book.Where(b => b.Entity == entity && b.Channel == channel && b.Date >= from && b.Date <= to && !inputs.MatchedBook.Contains(b.Key)).ToLookup(b => b.Date);
        foreach (var date in rows.Select(g => g.Key).Concat(book.Select(g => g.Key)).Concat(movements.Keys).Distinct().Order())
        {
            var day = rows[date].ToList();
            var matched = day.Where(r => inputs.MatchedRows.Contains(PaymentMatcher.RowKey(r))).ToList();
            var open = day.Where(r => !inputs.MatchedRows.Contains(PaymentMatcher.RowKey(r))).ToList();
            var (debits, credits) = movements.GetValueOrDefault(date);
            yield return new PaymentReconciliationDay(date, entity, channel, Cny(debits), Cny(credits),
                day.Count, Cny(day.Sum(r => Signed(r, r.Amount))), matched.Count, Cny(matched.Sum(r => Signed(r, r.Amount))),
                open.Count, Cny(open.Sum(r => Signed(r, r.Amount))), book[date].Count(), Cny(book[date].Sum(b => b.IsRefund ? -b.Amount.MinorUnits : b.Amount.MinorUnits)),
                Cny(day.Sum(r => Signed(r, r.Fee))));
        }
    }

    private static async Task<Inputs> InputsAsync(IEconomyStore economy, LedgerId ledger, EntityId? entity, CancellationToken ct)
    {
        var book = await economy.ListBookPaymentsAsync(ledger, entity, ct).ConfigureAwait(false);
        var rows = await economy.ReadStatementRowsAsync(ledger, entity?.Value, ct).ConfigureAwait(false);
        var matches = (await economy.ReadRecordsAsync(ledger, EconomyRecords.PaymentMatch, entity?.Value, ct).ConfigureAwait(false)).Where(m => m.IsActive).ToList();
        return new Inputs(book, rows, matches.SelectMany(m => m.Rows).ToHashSet(StringComparer.Ordinal), matches.SelectMany(m => m.Book).ToHashSet(StringComparer.Ordinal));
    }

    private static long Signed(StatementRow row, Money amount) => row.Kind is StatementRowKind.Payment or StatementRowKind.BankCredit ? amount.MinorUnits : -amount.MinorUnits;

    private static Money Cny(long fen) => Money.FromMinorUnits(fen, Currency.CNY);

    private sealed record Inputs(IReadOnlyList<BookPayment> Book, IReadOnlyList<StatementRow> Rows, HashSet<string> MatchedRows, HashSet<string> MatchedBook);
}
