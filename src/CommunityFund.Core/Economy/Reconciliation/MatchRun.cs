using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>One run of <c>PaymentMatcher.Match</c>: the two sides indexed, what is matched so far, the new matches.</summary>
internal sealed class MatchRun
{
    private readonly EntityId _entity;
    private readonly PaymentChannel _channel;
    private readonly MatchOptions _options;
    private readonly MatchStamp _stamp;
    private readonly List<StatementRow> _rows;
    private readonly List<StatementRow> _bankCredits;
    private readonly List<BookPayment> _payments;
    private readonly List<BookPayment> _refunds;
    private readonly List<PaymentMatch> _standing;
    private readonly HashSet<string> _matchedRows;
    private readonly HashSet<string> _matchedBook;
    private readonly HashSet<string> _settled;
    private readonly List<PaymentMatch> _matches;

    internal MatchRun(EntityId entity, PaymentChannel channel, IReadOnlyList<BookPayment> book, IReadOnlyList<StatementRow> rows, IReadOnlyList<PaymentMatch> existing, MatchOptions options, MatchStamp stamp)
    {
        (_entity, _channel, _options, _stamp) = (entity, channel, options, stamp);
        var mine = rows.Where(r => r.Entity == entity).OrderBy(r => r.Time).ThenBy(r => r.Line).ToList();
        _rows = [.. mine.Where(r => r.Channel == channel)];
        _bankCredits = channel == PaymentChannel.Bank ? [] : [.. mine.Where(r => r.Channel == PaymentChannel.Bank && r.Kind == StatementRowKind.BankCredit)];
        var items = book.Where(b => b.Entity == entity && b.Channel == channel).OrderBy(b => b.Date).ToList();
        _payments = [.. items.Where(b => !b.IsRefund)];
        _refunds = [.. items.Where(b => b.IsRefund)];
        _standing = [.. existing.Where(m => m.IsActive && m.Entity == entity)];

        // Sized once for what they can hold: grown by doubling, 100,000 keys leave several megabytes of old arrays
        // behind on the large-object heap, alive until the next full collection.
        _matchedRows = new(_rows.Count + _bankCredits.Count + _standing.Count, StringComparer.Ordinal);
        _matchedBook = new(_payments.Count + _refunds.Count, StringComparer.Ordinal);
        _settled = new(_bankCredits.Count == 0 ? 0 : _rows.Count, StringComparer.Ordinal);
        _matches = new(_rows.Count + _bankCredits.Count);
        foreach (var match in _standing)
        {
            Remember(match);
        }
    }

    internal void ByReference()
    {
        var byReference = new Dictionary<string, BookPayment>(_payments.Count, StringComparer.Ordinal);
        foreach (var sale in _payments.Where(p => p.Reference is not null && !_matchedBook.Contains(p.Key)))
        {
            byReference.TryAdd(sale.Reference!, sale);
        }

        foreach (var row in Open(incoming: true))
        {
            var sale = (row.MerchantOrderNumber is { } order && byReference.TryGetValue(order, out var byOrder) ? byOrder : null)
                ?? (byReference.TryGetValue(row.TransactionId, out var byId) ? byId : null);
            if (sale is not null && !_matchedBook.Contains(sale.Key) && sale.Amount == row.Amount)
            {
                Add(MatchRule.Reference, row, [sale]);
            }
        }
    }

    internal void ByAmountAndTime(bool refunds)
    {
        var index = new Dictionary<(long, LocalDate), Queue<BookPayment>>();
        foreach (var item in (refunds ? _refunds : _payments).Where(i => !_matchedBook.Contains(i.Key)))
        {
            var key = (item.Amount.MinorUnits, item.Date);
            if (!index.TryGetValue(key, out var queue))
            {
                index[key] = queue = new Queue<BookPayment>();
            }

            queue.Enqueue(item);
        }

        foreach (var row in Open(incoming: !refunds))
        {
            foreach (var date in WindowDates(row.Time))
            {
                if (index.TryGetValue((row.Amount.MinorUnits, date), out var queue) && queue.TryDequeue(out var item))
                {
                    Add(refunds ? MatchRule.Refund : MatchRule.AmountAndTime, row, [item]);
                    break;
                }
            }
        }
    }

    internal void ManyToOne()
    {
        var index = new Dictionary<(long, LocalDate), Queue<BookPayment[]>>();
        foreach (var group in _payments.Where(p => !_matchedBook.Contains(p.Key)).GroupBy(p => (p.Date, p.Resident)).Where(g => g.Count() > 1))
        {
            var key = (group.Sum(p => p.Amount.MinorUnits), group.Key.Date);
            if (!index.TryGetValue(key, out var queue))
            {
                index[key] = queue = new Queue<BookPayment[]>();
            }

            queue.Enqueue([.. group]);
        }

        foreach (var row in Open(incoming: true))
        {
            foreach (var date in WindowDates(row.Time))
            {
                if (index.TryGetValue((row.Amount.MinorUnits, date), out var queue) && queue.TryDequeue(out var group))
                {
                    Add(MatchRule.ManyToOne, row, group);
                    break;
                }
            }
        }
    }

    internal void RefundsThroughPayments()
    {
        var open = Open(incoming: false).ToList();
        if (open.Count == 0)
        {
            return;
        }

        var bookByRow = BookByRow();
        var bySale = _refunds.Where(r => !_matchedBook.Contains(r.Key)).ToLookup(r => r.Sale);
        var saleByKey = _payments.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var saleByReference = new Dictionary<string, BookPayment>(StringComparer.Ordinal);
        foreach (var sale in _payments.Where(p => p.Reference is not null))
        {
            saleByReference.TryAdd(sale.Reference!, sale);
        }

        foreach (var row in open)
        {
            var sale = row.OriginalTransactionId is { } original && bookByRow.TryGetValue(RowKey(original), out var paid) && paid.Length == 1 && saleByKey.TryGetValue(paid[0], out var s)
                ? s
                : row.MerchantOrderNumber is { } order && saleByReference.TryGetValue(order, out var byOrder) ? byOrder : null;
            var refund = sale is null ? null : bySale[sale.Sale].FirstOrDefault(r => r.Amount == row.Amount && !_matchedBook.Contains(r.Key));
            if (refund is not null)
            {
                var match = Add(MatchRule.Refund, row, [refund]);
                bookByRow[match.Rows[0]] = match.Book;
            }
        }
    }

    /// <summary>The book items each matched row was matched with (the standing matches, then this run's, the later
    /// match of a row winning) — made only when refund rows are left to match through their payments.</summary>
    private Dictionary<string, ImmutableArray<string>> BookByRow()
    {
        var bookByRow = new Dictionary<string, ImmutableArray<string>>(_matchedRows.Count, StringComparer.Ordinal);
        foreach (var match in _standing.Concat(_matches))
        {
            foreach (var row in match.Rows)
            {
                bookByRow[row] = match.Book;
            }
        }

        return bookByRow;
    }

    internal void Settlements()
    {
        var days = UnsettledDays();
        foreach (var credit in _bankCredits.Where(c => !_matchedRows.Contains(PaymentMatcher.RowKey(c))))
        {
            var on = credit.Time.Date;
            for (var start = 0; start < days.Count && days[start].Date <= on; start++)
            {
                if (SettlementOf(days, start, credit) is { } count)
                {
                    AddSettlement(credit, days.GetRange(start, count));
                    days.RemoveRange(start, count);
                    break;
                }
            }
        }
    }

    internal MatchResult Result(LocalDate asOf)
    {
        var openRows = _rows.Concat(_bankCredits).Where(r => !_matchedRows.Contains(PaymentMatcher.RowKey(r)))
            .Select(r => new UnmatchedRow(PaymentMatcher.RowKey(r), r, PaymentMatcher.AgeDays(r.Time.Date, asOf)));
        var openBook = _payments.Concat(_refunds).Where(b => !_matchedBook.Contains(b.Key)).OrderBy(b => b.Date)
            .Select(b => new UnmatchedBookPayment(b, PaymentMatcher.AgeDays(b.Date, asOf)));
        return new MatchResult([.. _matches], [.. openRows], [.. openBook]);
    }

    /// <summary>How many days from <paramref name="start"/> the credit pays out, or <c>null</c>.</summary>
    private int? SettlementOf(List<SettlementDay> days, int start, StatementRow credit)
    {
        var net = 0L;
        for (var count = 1; count <= _options.MaxSettlementDays && start + count <= days.Count; count++)
        {
            var last = days[start + count - 1];
            if (last.Date > credit.Time.Date)
            {
                return null;
            }

            net += last.Gross - last.Fee;
            if (net == credit.Amount.MinorUnits && credit.Time.Date <= last.Date.PlusDays(_options.SettlementWindowDays))
            {
                return count;
            }
        }

        return null;
    }

    private List<SettlementDay> UnsettledDays() =>
        [.. _rows.Select(r => (Row: r, Key: MatchedKey(r)))
            .Where(r => r.Key is not null && !_settled.Contains(r.Key))
            .GroupBy(r => r.Row.Time.Date)
            .OrderBy(g => g.Key)
            .Select(g => new SettlementDay(g.Key,
                g.Sum(r => Incoming(r.Row) ? r.Row.Amount.MinorUnits : -r.Row.Amount.MinorUnits),
                g.Sum(r => Incoming(r.Row) ? r.Row.Fee.MinorUnits : -r.Row.Fee.MinorUnits),
                [.. g.Select(r => r.Key!)]))];

    /// <summary>A matched row's key as its match holds it (a settlement lists 100,000 rows by the same strings), or
    /// <c>null</c> while the row is unmatched; the row's key is made once.</summary>
    private string? MatchedKey(StatementRow row) => _matchedRows.TryGetValue(PaymentMatcher.RowKey(row), out var key) ? key : null;

    private void AddSettlement(StatementRow credit, List<SettlementDay> batch)
    {
        var currency = credit.Amount.Currency;
        var match = new PaymentMatch
        {
            Id = _stamp.NewId(),
            By = _stamp.By,
            At = _stamp.At,
            Entity = _entity,
            Channel = _channel,
            Rule = MatchRule.Settlement,
            Rows = [PaymentMatcher.RowKey(credit)],
            Settles = [.. batch.SelectMany(d => d.Rows)],
            Amount = Money.FromMinorUnits(batch.Sum(d => d.Gross), currency),
            Fee = Money.FromMinorUnits(batch.Sum(d => d.Fee), currency),
            Date = credit.Time.Date,
        };
        _matches.Add(match);
        Remember(match);
    }

    private PaymentMatch Add(MatchRule rule, StatementRow row, IReadOnlyList<BookPayment> items)
    {
        var match = new PaymentMatch
        {
            Id = _stamp.NewId(),
            By = _stamp.By,
            At = _stamp.At,
            Entity = _entity,
            Channel = _channel,
            Rule = rule,
            Rows = [PaymentMatcher.RowKey(row)],
            Book = [.. items.Select(i => i.Key)],
            Amount = row.Amount,
            Fee = row.Fee,
            Date = row.Time.Date,
        };
        _matches.Add(match);
        Remember(match);
        return match;
    }

    private void Remember(PaymentMatch match)
    {
        _matchedRows.UnionWith(match.Rows);

        _matchedBook.UnionWith(match.Book);
        _settled.UnionWith(match.Settles);
    }

    private IEnumerable<StatementRow> Open(bool incoming) =>
        _rows.Where(r => Incoming(r) == incoming && !_matchedRows.Contains(PaymentMatcher.RowKey(r)));

    private static bool Incoming(StatementRow row) => row.Kind is StatementRowKind.Payment or StatementRowKind.BankCredit;

    private IEnumerable<LocalDate> WindowDates(LocalDateTime time)
    {
        var tolerance = Period.FromMinutes(_options.ToleranceMinutes);
        var last = (time + tolerance).Date;
        for (var date = (time - tolerance).Date; date <= last; date = date.PlusDays(1))
        {
            yield return date;
        }
    }

    private string RowKey(string transactionId) => $"{PaymentMatcher.ChannelKey(_channel)}:{transactionId}";

    private sealed record SettlementDay(LocalDate Date, long Gross, long Fee, ImmutableArray<string> Rows);
}
