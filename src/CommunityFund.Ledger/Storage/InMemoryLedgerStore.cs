using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>
/// A thread-safe <see cref="ILedgerStore"/> in memory, for tests and for embedding where durability is not needed.
/// Each ledger has its own lock; ledgers never block one another. A snapshot is a copy of the ledger's books taken
/// under its lock.
/// </summary>
public sealed class InMemoryLedgerStore : ILedgerStore, ISnapshotStore
{
    private readonly Dictionary<LedgerId, LedgerBooks> _ledgers = [];
    private readonly Lock _ledgersLock = new();

    /// <inheritdoc />
    public Task<bool> CreateLedgerAsync(LedgerDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_ledgersLock)
        {
            return Task.FromResult(_ledgers.TryAdd(definition.Id, new LedgerBooks(definition)));
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateLedgerAsync(LedgerDefinition definition, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var books = Find(definition.Id);
        if (books is null)
        {
            return Task.FromResult(false);
        }

        lock (books.Sync)
        {
            if (expectedVersion is { } expected && books.DefinitionVersion != expected)
            {
                return Task.FromResult(false);
            }

            books.Definition = definition;
            books.DefinitionVersion++;
        }

        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        var books = Find(ledger);
        if (books is null)
        {
            return Task.FromResult<LedgerState?>(null);
        }

        lock (books.Sync)
        {
            return Task.FromResult<LedgerState?>(new LedgerState(books.Definition, books.Head) { DefinitionVersion = books.DefinitionVersion });
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerState>> ListLedgersAsync(CancellationToken cancellationToken = default)
    {
        LedgerId[] ids;
        lock (_ledgersLock)
        {
            ids = [.. _ledgers.Keys.Order()];
        }

        var states = new List<LedgerState>(ids.Length);
        foreach (var id in ids)
        {
            states.Add((await GetLedgerAsync(id, cancellationToken).ConfigureAwait(false))!);
        }

        return states;
    }

    /// <inheritdoc />
    public Task<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var books = Find(request.Ledger);
        if (books is null)
        {
            return Task.FromResult(AppendOutcome.LedgerNotFound);
        }

        lock (books.Sync)
        {
            return Task.FromResult(books.Append(request));
        }
    }

    /// <inheritdoc />
    public Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, CancellationToken cancellationToken = default)
    {
        var books = Find(ledger);
        if (books is null)
        {
            return Task.FromResult(false);
        }

        lock (books.Sync)
        {
            if (books.Head.ClosedThrough != expectedClosedThrough)
            {
                return Task.FromResult(false);
            }

            books.Head = books.Head with { ClosedThrough = closedThrough };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Read(ledger, books =>
        {
            if (books.Head.ClosedThrough != expectedClosedThrough || books.Head.Sequence != expectedSequence)
            {
                return false;
            }

            books.Head = books.Head with { ClosedThrough = closedThrough };
            books.PutAlone(documents);
            return true;
        }, false);
    }

    /// <inheritdoc />
    public Task<bool> PutDocumentsAtHeadAsync(LedgerId ledger, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Read(ledger, books =>
        {
            if (books.Head.Sequence != expectedSequence)
            {
                return false;
            }

            books.PutAlone(documents);
            return true;
        }, false);
    }

    /// <inheritdoc />
    public Task<Journal?> GetJournalAsync(LedgerId ledger, JournalId id, CancellationToken cancellationToken = default) =>
        Read(ledger, books => books.ById.GetValueOrDefault(id), null);

    /// <inheritdoc />
    public Task<IReadOnlyList<Journal>> FindByIdempotencyKeyAsync(LedgerId ledger, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<Journal>>(
            ledger,
            books => books.ByKey.TryGetValue(idempotencyKey, out var sequences) ? [.. sequences.Select(s => books.Chain[(int)(s - 1)])] : [],
            []);

    /// <inheritdoc />
    public Task<Journal?> FindReversalAsync(LedgerId ledger, JournalId original, CancellationToken cancellationToken = default) =>
        Read(ledger, books => books.ReversalOf.TryGetValue(original, out var reversal) ? books.ById[reversal] : null, null);

    /// <inheritdoc />
    public Task<IReadOnlyList<Journal>> ReadJournalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Read<IReadOnlyList<Journal>>(
            ledger,
            books =>
            {
                var start = (int)Math.Min(afterSequence, books.Chain.Count);
                var count = Math.Min(limit, books.Chain.Count - start);
                return books.Chain.GetRange(start, count);
            },
            []);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(LedgerId ledger, EntityId? entity, LocalDate? asOf, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<AccountBalance>>(ledger, books => books.Balances(entity, asOf), []);

    /// <inheritdoc />
    public Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Read(ledger, books =>
        {
            books.PutAlone(documents);
            return true;
        }, false);
    }

    /// <inheritdoc />
    public Task<int> DeleteDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Read(ledger, books =>
        {
            books.RecordsVersion++;
            return keys.Distinct(StringComparer.Ordinal).Count(key => books.Documents.Remove((kind, key)));
        }, 0);
    }

    /// <inheritdoc />
    public Task<long?> GetRecordsVersionAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        Read<long?>(ledger, books => books.RecordsVersion, null);

    /// <inheritdoc />
    public Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default) =>
        Read(ledger, books => books.Documents.GetValueOrDefault((kind, key)), null);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<LedgerDocument>>(
            ledger,
            books => [.. books.Documents.Values.Where(d => d.Kind == kind && (owner is null || d.Owner == owner)).OrderBy(d => d.Order).ThenBy(d => d.Key, StringComparer.Ordinal)],
            []);

    /// <inheritdoc />
    public Task<LedgerSnapshot> OpenSnapshotAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        var copy = new InMemoryLedgerStore();
        if (Find(ledger) is { } books)
        {
            lock (books.Sync)
            {
                copy._ledgers.Add(ledger, books.Copy());
            }
        }

        return Task.FromResult(new LedgerSnapshot(copy, isolated: true));
    }

    private LedgerBooks? Find(LedgerId ledger)
    {
        lock (_ledgersLock)
        {
            return _ledgers.GetValueOrDefault(ledger);
        }
    }

    private Task<T> Read<T>(LedgerId ledger, Func<LedgerBooks, T> read, T missing)
    {
        var books = Find(ledger);
        if (books is null)
        {
            return Task.FromResult(missing);
        }

        lock (books.Sync)
        {
            return Task.FromResult(read(books));
        }
    }

    private sealed class LedgerBooks(LedgerDefinition definition)
    {
        internal readonly Lock Sync = new();
        internal readonly List<Journal> Chain = [];
        internal readonly Dictionary<JournalId, Journal> ById = [];
        internal readonly Dictionary<string, long[]> ByKey = new(StringComparer.Ordinal);
        internal readonly Dictionary<JournalId, JournalId> ReversalOf = [];
        internal readonly Dictionary<(string Kind, string Key), LedgerDocument> Documents = [];
        private readonly SortedDictionary<(EntityId Entity, AccountCode Account, string Unit), BalanceBucket> _balances = [];

        internal LedgerDefinition Definition { get; set; } = definition;

        internal long DefinitionVersion { get; set; } = 1;

        /// <summary>Moved by every record write without journals (<see cref="PutAlone"/>) and every delete.</summary>
        internal long RecordsVersion { get; set; }

        internal LedgerHead Head { get; set; } = LedgerHead.Empty;

        internal AppendOutcome Append(AppendRequest request)
        {
            if (Head.Sequence != request.ExpectedSequence)
            {
                return AppendOutcome.HeadMoved;
            }

            var claims = request.KeysToRecord();
            if (claims.Any(c => ByKey.ContainsKey(c.Key)) || claims.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count() != claims.Count)
            {
                return AppendOutcome.IdempotencyKeyTaken;
            }

            foreach (var journal in request.Journals)
            {
                if (journal.ReversalOf is { } original && ReversalOf.ContainsKey(original))
                {
                    return AppendOutcome.AlreadyReversed;
                }

                if (Head.ClosedThrough is { } closed && journal.AccountingDate <= closed)
                {
                    return AppendOutcome.PeriodClosed;
                }
            }

            foreach (var journal in request.Journals)
            {
                Chain.Add(journal);
                ById.Add(journal.Id, journal);
                if (journal.ReversalOf is { } original)
                {
                    ReversalOf.Add(original, journal.Id);
                }

                foreach (var line in journal.Lines)
                {
                    var key = (line.Entity, line.Account, line.Amount.Currency.Code);
                    if (!_balances.TryGetValue(key, out var bucket))
                    {
                        bucket = new BalanceBucket(line.Amount.Currency);
                        _balances.Add(key, bucket);
                    }

                    bucket.Add(journal.AccountingDate, line.Side, line.Amount.MinorUnits);
                }
            }

            foreach (var claim in claims)
            {
                ByKey.Add(claim.Key, [.. Enumerable.Range(0, claim.JournalCount).Select(i => claim.FirstSequence + i)]);
            }

            Put(request.Documents);

            var last = request.Journals[^1];
            Head = Head with { Sequence = last.Sequence, Hash = last.Hash };
            return AppendOutcome.Appended;
        }

        /// <summary>A copy of the books as they are (journals and documents are immutable: the copy shares them).</summary>
        internal LedgerBooks Copy()
        {
            var copy = new LedgerBooks(Definition) { DefinitionVersion = DefinitionVersion, RecordsVersion = RecordsVersion, Head = Head };
            copy.Chain.AddRange(Chain);
            foreach (var (id, journal) in ById)
            {
                copy.ById.Add(id, journal);
            }

            foreach (var (key, sequences) in ByKey)
            {
                copy.ByKey.Add(key, sequences);
            }

            foreach (var (original, reversal) in ReversalOf)
            {
                copy.ReversalOf.Add(original, reversal);
            }

            foreach (var (key, document) in Documents)
            {
                copy.Documents.Add(key, document);
            }

            foreach (var (key, bucket) in _balances)
            {
                copy._balances.Add(key, bucket.Copy());
            }

            return copy;
        }

        /// <summary>Writes records without journals: their version moves.</summary>
        internal void PutAlone(IReadOnlyList<LedgerDocument> documents)
        {
            RecordsVersion++;
            Put(documents);
        }

        internal void Put(IReadOnlyList<LedgerDocument> documents)
        {
            foreach (var document in documents)
            {
                Documents[(document.Kind, document.Key)] = document;
            }
        }

        internal List<AccountBalance> Balances(EntityId? entity, LocalDate? asOf)
        {
            var result = new List<AccountBalance>();
            foreach (var ((entityId, account, _), bucket) in _balances)
            {
                if (entity is { } wanted && wanted != entityId)
                {
                    continue;
                }

                var (debit, credit) = bucket.Totals(asOf);
                if (debit != 0 || credit != 0)
                {
                    result.Add(new AccountBalance(entityId, account, bucket.Unit, debit, credit));
                }
            }

            return result;
        }
    }

    private sealed class BalanceBucket(Currency unit)
    {
        private readonly SortedList<LocalDate, (long Debit, long Credit)> _byDate = [];
        private long _debit;
        private long _credit;

        internal Currency Unit { get; } = unit;

        internal BalanceBucket Copy()
        {
            var copy = new BalanceBucket(Unit) { _debit = _debit, _credit = _credit };
            foreach (var (date, day) in _byDate)
            {
                copy._byDate.Add(date, day);
            }

            return copy;
        }

        internal void Add(LocalDate date, Side side, long amount)
        {
            _byDate.TryGetValue(date, out var day);
            if (side == Side.Debit)
            {
                day.Debit = checked(day.Debit + amount);
                _debit = checked(_debit + amount);
            }
            else
            {
                day.Credit = checked(day.Credit + amount);
                _credit = checked(_credit + amount);
            }

            _byDate[date] = day;
        }

        internal (long Debit, long Credit) Totals(LocalDate? asOf)
        {
            if (asOf is not { } limit)
            {
                return (_debit, _credit);
            }

            long debit = 0, credit = 0;
            foreach (var (date, day) in _byDate)
            {
                if (date > limit)
                {
                    break;
                }

                debit += day.Debit;
                credit += day.Credit;
            }

            return (debit, credit);
        }
    }
}
