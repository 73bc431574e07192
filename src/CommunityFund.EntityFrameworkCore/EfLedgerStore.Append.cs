using System.Data.Common;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class EfLedgerStore
{
    /// <inheritdoc />
    public async Task<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryAppendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < MaxRetries && DatabaseErrors.IsRetryableConflict(ex))
            {
                // PostgreSQL serialisation failure or deadlock: nothing was written; try again.
                await Task.Delay(TimeSpan.FromMilliseconds(5 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<AppendOutcome> TryAppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        // The hot path, written by hand: one transaction of a few multi-row statements (EF Core's change tracking and
        // one statement per balance cost several times the database's own work; see docs/performance.md).
        var journals = request.Journals;
        var last = journals[^1];
        var earliest = journals.Min(j => j.AccountingDate);
        var ledger = request.Ledger.Value;
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var stored = StoredJsonAsync(request.Documents, session.Dialect);
        using var turn = await WriterTurnAsync(session.Dialect, cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var batch = StatementBatch.For(session, transaction))
        {
            if (batch is not null)
            {
                return await TryAppendBatchedAsync(session, transaction, batch, request, await stored.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }

        // 1. Move the head, only if nobody else did and the period is still open: this row is the ledger's write lock.
        if (await MoveHeadAsync(session, transaction, request, last, earliest, cancellationToken).ConfigureAwait(false) is { } notMoved)
        {
            return notMoved;
        }

        // 2. The journals, the idempotency record and the lines (each line refers to its set of dimensions, stored once).
        var sets = await _dimensionSets.ResolveAsync(session, transaction, journals, cancellationToken).ConfigureAwait(false);
        var metadata = await _metadataKeys.ResolveAsync(session, transaction, journals, cancellationToken).ConfigureAwait(false);
        var accounts = await _lineAccounts.ResolveAsync(session, transaction, journals, cancellationToken).ConfigureAwait(false);
        if (await InsertJournalsAsync(session, transaction, request, new(sets, metadata, accounts), cancellationToken).ConfigureAwait(false) is { } collided)
        {
            return collided;
        }

        // 3. The balance movements, aggregated per account and per account and date, and the command's documents.
        await AddBalancesAsync(session, transaction, ledger, journals, cancellationToken).ConfigureAwait(false);
        // Waited for on this thread, not awaited: an await would let the planner go while the records are compressed, and
        // the next group would be planned during this append and be smaller (measured, ADR 0046). A compression the thread
        // pool has not started yet is run here.
        var records = stored.GetAwaiter().GetResult();
        await PutDocumentsAsync(session, transaction, ledger, request.Documents, cancellationToken, records).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _dimensionSets.Committed(sets);
        _metadataKeys.Committed(metadata);
        _lineAccounts.Committed(accounts);
        return AppendOutcome.Appended;
    }

    /// <summary>The append's records as stored (<see cref="StoredJsonOf"/>). On SQLite they are compressed on another thread
    /// while the head moves and the journals are written: the provider's I/O is synchronous, so a group's append runs on
    /// its planner's thread, and the group after it waits for all of it (ADR 0046). On PostgreSQL the batch is built
    /// with them, so they are made first.</summary>
    private static Task<Dictionary<LedgerDocument, object>?> StoredJsonAsync(IReadOnlyList<LedgerDocument> documents, Dialect dialect) =>
        dialect.IsSqlite && documents.Count > 0
            ? Task.Run(() => StoredJsonOf([documents], dialect))
            : Task.FromResult(StoredJsonOf([documents], dialect));

    /// <summary>Moves the ledger's head to the request's last journal; when it cannot (the ledger is gone, another
    /// writer moved the head, or the period is closed), rolls back and says why. <c>null</c> when it moved.</summary>
    private static async Task<AppendOutcome?> MoveHeadAsync(
        DbSession session, DbTransaction transaction, AppendRequest request, Journal last, LocalDate earliest, CancellationToken cancellationToken)
    {
        var ledger = request.Ledger.Value;
        var moved = await session.ExecuteAsync(transaction, MoveHeadText, cancellationToken, last.Sequence, last.Hash, ledger, request.ExpectedSequence, session.Dialect.Date(earliest)).ConfigureAwait(false);
        if (moved != 0)
        {
            return null;
        }

        var read = session.Command(transaction, "SELECT head_sequence FROM ledgers WHERE id = @p0", ledger);
        var head = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
        return head is null or DBNull ? AppendOutcome.LedgerNotFound
            : Convert.ToInt64(head, System.Globalization.CultureInfo.InvariantCulture) != request.ExpectedSequence ? AppendOutcome.HeadMoved
            : AppendOutcome.PeriodClosed;
    }

    /// <summary>
    /// PostgreSQL: every statement of the append — the journals, the idempotency records, the lines, the head's move,
    /// the balances, the daily balances and the documents — sent in one round trip, then the commit (the durable one)
    /// in a second. Same outcome as statement by statement: the head's move is checked before the commit, and when it
    /// did not move (another writer, a closed period, no ledger) or a row collided, the transaction is rolled back and
    /// nothing is written. Dimension sets not yet known are inserted before (in the same transaction). Once the head
    /// moved the request's <see cref="AppendRequest.HeadTaken"/> is called, before the commit (ADR 0043).
    /// </summary>
    private async Task<AppendOutcome> TryAppendBatchedAsync(
        DbSession session, DbTransaction transaction, StatementBatch batch, AppendRequest request, IReadOnlyDictionary<LedgerDocument, object>? stored, CancellationToken cancellationToken)
    {
        var journals = request.Journals;
        var earliest = journals.Min(j => j.AccountingDate);
        var sets = await _dimensionSets.ResolveAsync(session, transaction, journals, cancellationToken).ConfigureAwait(false);
        var metadata = await _metadataKeys.ResolveAsync(session, transaction, journals, cancellationToken).ConfigureAwait(false);
        var accounts = await _lineAccounts.ResolveAsync(session, transaction, journals, cancellationToken).ConfigureAwait(false);
        var head = AddAppendStatements(batch, request, new(sets, metadata, accounts), earliest, session.Dialect, stored);
        if (await ExecuteAppendAsync(session, transaction, batch, request, earliest, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (batch.RecordsAffected(head) == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            // (Nothing that stopped it holds any more: the caller plans again on the head it reads.)
            return await NotMovedAsync(session, null, request, earliest, cancellationToken).ConfigureAwait(false) ?? AppendOutcome.HeadMoved;
        }

        // This transaction holds the ledger's row until it commits: the next append may be sent.
        request.HeadTaken?.Invoke();
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _dimensionSets.Committed(sets);
        _metadataKeys.Committed(metadata);
        _lineAccounts.Committed(accounts);
        return AppendOutcome.Appended;
    }

    /// <summary>Adds the append's statements to <paramref name="batch"/>; returns the position of the head's move.</summary>
    private static int AddAppendStatements(
        StatementBatch batch, AppendRequest request, Interned interned, LocalDate earliest, Dialect dialect, IReadOnlyDictionary<LedgerDocument, object>? stored)
    {
        var journals = request.Journals;
        var last = journals[^1];
        var ledger = request.Ledger.Value;
        var (journalRows, lineRows) = JournalAndLineRows(ledger, journals, interned, dialect);
        batch.Add(journalRows);
        batch.Add(KeyRows(ledger, request, dialect));
        batch.Add(lineRows);
        // The head moves after the inserts: while the append before this one commits (it holds the ledger's row), this
        // one's journals and lines are written, and its head's move waits only for that commit. The row is locked first,
        // by a statement of its own: the move's statement then starts after that commit and sees the head it left (an
        // update whose condition holds only on a row version its snapshot does not see would pass it by).
        batch.Add(LockHeadText, ledger);
        var head = batch.Add(MoveHeadText, last.Sequence, last.Hash, ledger, request.ExpectedSequence, dialect.Date(earliest));
        var (balances, daily) = BalanceRows(ledger, journals, dialect);
        batch.Add(balances);
        batch.Add(daily);
        foreach (var rows in DocumentRows(ledger, request.Documents, dialect, stored))
        {
            batch.Add(rows);
        }

        return head;
    }

    /// <summary>Runs the append's statements; when a row collides or refers to nothing, rolls back and says why
    /// (<c>null</c> when they ran).</summary>
    private static async Task<AppendOutcome?> ExecuteAppendAsync(
        DbSession session, DbTransaction transaction, StatementBatch batch, AppendRequest request, LocalDate earliest, CancellationToken cancellationToken)
    {
        try
        {
            await batch.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DbException ex) when (DatabaseErrors.Classify(ex) is { Kind: DatabaseErrorKind.UniqueViolation } violation)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            // As statement by statement, where the head's move came first: a head that moved or a closed period says why.
            return await NotMovedAsync(session, null, request, earliest, cancellationToken).ConfigureAwait(false) ?? violation.Constraint switch
            {
                DatabaseErrors.ReversalOfIndex => AppendOutcome.AlreadyReversed,
                DatabaseErrors.IdempotencyKeysKey => AppendOutcome.IdempotencyKeyTaken,
                _ => AppendOutcome.HeadMoved,
            };
        }
        catch (DbException ex) when (DatabaseErrors.Classify(ex) is { Kind: DatabaseErrorKind.ConstraintViolation })
        {
            // A journal of a ledger that does not exist (its key refers to none): refused before the head's move is reached.
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            if (await NotMovedAsync(session, null, request, earliest, cancellationToken).ConfigureAwait(false) is not { } notMoved)
            {
                throw;
            }

            return notMoved;
        }
    }

    private const string LockHeadText = "SELECT 1 FROM ledgers WHERE id = @p0 FOR NO KEY UPDATE";

    private const string MoveHeadText =
        "UPDATE ledgers SET head_sequence = @p0, head_hash = @p1 WHERE id = @p2 AND head_sequence = @p3 AND (closed_through IS NULL OR closed_through < @p4)";

    /// <summary>Why the head could not move to the request's journals: no ledger, another writer's head, or a period closed
    /// over the earliest date; <c>null</c> when none of them holds now.</summary>
    private static async Task<AppendOutcome?> NotMovedAsync(DbSession session, DbTransaction? transaction, AppendRequest request, LocalDate earliest, CancellationToken cancellationToken)
    {
        var read = session.Command(transaction, "SELECT head_sequence, closed_through FROM ledgers WHERE id = @p0", request.Ledger.Value);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return AppendOutcome.LedgerNotFound;
        }

        if (reader.GetInt64(0) != request.ExpectedSequence)
        {
            return AppendOutcome.HeadMoved;
        }

        return !reader.IsDBNull(1) && session.Dialect.ReadDate(reader, 1) >= earliest ? AppendOutcome.PeriodClosed : null;
    }

    /// <summary>Inserts the journals, the idempotency records and the lines; on a unique violation rolls back and says
    /// what it means. <c>null</c> when all were inserted.</summary>
    private static async Task<AppendOutcome?> InsertJournalsAsync(
        DbSession session, DbTransaction transaction, AppendRequest request, Interned interned, CancellationToken cancellationToken)
    {
        var ledger = request.Ledger.Value;
        try
        {
            var (journalRows, lineRows) = JournalAndLineRows(ledger, request.Journals, interned, session.Dialect);
            await journalRows.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
            await KeyRows(ledger, request, session.Dialect).ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);

            await lineRows.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (DbException ex) when (DatabaseErrors.Classify(ex) is { Kind: DatabaseErrorKind.UniqueViolation } violation)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            // Any other unique violation (a journal's sequence or id) means another writer moved the head.
            return violation.Constraint switch
            {
                DatabaseErrors.ReversalOfIndex => AppendOutcome.AlreadyReversed,
                DatabaseErrors.IdempotencyKeysKey => AppendOutcome.IdempotencyKeyTaken,
                _ => AppendOutcome.HeadMoved,
            };
        }
    }

    private static RowsStatement KeyRows(string ledger, AppendRequest request, Dialect dialect)
    {
        var keys = new RowsStatement("idempotency_keys", ["ledger_id", "key", "request_hash", "first_sequence", "journal_count"]);
        foreach (var claim in request.KeysToRecord())
        {
            keys.Add(ledger, dialect.Key(claim.Key), dialect.Hash(claim.RequestHash), claim.FirstSequence, claim.JournalCount);
        }

        return keys;
    }

    private static (RowsStatement Journals, RowsStatement Lines) JournalAndLineRows(string ledger, IReadOnlyList<Journal> journals, Interned interned, Dialect dialect)
    {
        var layout = dialect.Lines;
        var journalRows = new RowsStatement("journals", layout.JournalColumns(JournalColumns));
        var lineRows = LineLayout.LineRows();
        Func<JournalLine, long> account = interned.Accounts.IdOf;
        Func<JournalLine, long> set = line => interned.Sets.IdOf(line.Dimensions);
        var left = Inherited.None;
        for (var j = 0; j < journals.Count; j++)
        {
            var journal = journals[j];
            var (keys, values) = interned.Metadata.Forms[j];
            var (source, key, request, previous) = StoredChainFields(journal, j > 0 ? journals[j - 1] : null, dialect, ref left);
            journalRows.Add([ledger, journal.Sequence, dialect.Id(journal.Id.Value), dialect.Date(journal.AccountingDate), dialect.Instant(journal.RecordedAt),
                journal.Kind.ToString(), journal.Memo, source, key, request,
                journal.ReversalOf is { } reversalOf ? dialect.Id(reversalOf.Value) : null, keys, values, previous, dialect.Hash(journal.Hash),
                .. layout.LineValues(journal, account, set)]);
            layout.AddLines(lineRows, ledger, journal, account, set);
        }

        return (journalRows, lineRows);
    }

    /// <summary>A journal's source reference, idempotency key, request hash and previous hash as stored: each left to the
    /// journal <paramref name="before"/> it in the same append when it has the same (<see cref="SameAsBefore"/>; issue 20;
    /// on PostgreSQL since ADR 0035, where the empty <c>bytea</c> is no caller's value either). A key or reference is
    /// left only to a journal that stores its own (<paramref name="left"/>: what the journal before left to its own
    /// predecessor, updated for this one), so a reader finds it one journal back.</summary>
    private static (object? Source, object? Key, object? RequestHash, object? PreviousHash) StoredChainFields(Journal journal, Journal? before, Dialect dialect, ref Inherited left)
    {
        var adjacent = before is not null && before.Sequence == journal.Sequence - 1;
        var previous = adjacent && string.Equals(before!.Hash, journal.PreviousHash, StringComparison.Ordinal) ? SameAsBefore.Marker : dialect.Hash(journal.PreviousHash);
        var sameKey = adjacent && (left & Inherited.Key) == 0 && journal.IdempotencyKey is not null
            && string.Equals(before!.IdempotencyKey, journal.IdempotencyKey, StringComparison.Ordinal) && string.Equals(before.RequestHash, journal.RequestHash, StringComparison.Ordinal);
        var sameSource = adjacent && (left & Inherited.Source) == 0 && journal.SourceReference is not null
            && string.Equals(before!.SourceReference, journal.SourceReference, StringComparison.Ordinal);
        left = (sameKey ? Inherited.Key : Inherited.None) | (sameSource ? Inherited.Source : Inherited.None);
        return (sameSource ? SameAsBefore.Marker : dialect.Source(journal.SourceReference),
            sameKey ? SameAsBefore.Marker : dialect.NullableKey(journal.IdempotencyKey),
            sameKey ? null : dialect.Hash(journal.RequestHash),
            previous);
    }

    private static readonly string[] JournalColumns =
        ["ledger_id", "sequence", "id", "accounting_date", "recorded_at", "kind", "memo", "source_reference", "idempotency_key", "request_hash", "reversal_of", "metadata_keys", "metadata", "previous_hash", "hash"];

    /// <summary>What an append refers to by id, resolved in its transaction: the lines' dimension sets and accounts, and
    /// the journals' metadata key sets.</summary>
    private sealed record Interned(DimensionSets.Resolved Sets, MetadataKeys.Resolved Metadata, LineAccounts.Resolved Accounts);

    private static async Task AddBalancesAsync(DbSession session, DbTransaction transaction, string ledger, IReadOnlyList<Journal> journals, CancellationToken cancellationToken)
    {
        var (balances, daily) = BalanceRows(ledger, journals, session.Dialect);
        await balances.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
        await daily.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The balance movements of <paramref name="journals"/>, aggregated per account and per account and date, as
    /// upserts.</summary>
    private static (RowsStatement Balances, RowsStatement Daily) BalanceRows(string ledger, IReadOnlyList<Journal> journals, Dialect dialect)
    {
        var totals = new Dictionary<(string Entity, string Account, string Unit), (long Debit, long Credit)>();
        var days = new Dictionary<(string Entity, string Account, string Unit, LocalDate Date), (long Debit, long Credit)>();
        foreach (var journal in journals)
        {
            foreach (var line in journal.Lines)
            {
                var key = (line.Entity.Value, line.Account.Value, line.Amount.Currency.Code);
                var debit = line.Side == Side.Debit ? line.Amount.MinorUnits : 0;
                var credit = line.Side == Side.Credit ? line.Amount.MinorUnits : 0;
                totals[key] = totals.TryGetValue(key, out var total) ? (total.Debit + debit, total.Credit + credit) : (debit, credit);
                var dayKey = (key.Item1, key.Item2, key.Code, journal.AccountingDate);
                days[dayKey] = days.TryGetValue(dayKey, out var day) ? (day.Debit + debit, day.Credit + credit) : (debit, credit);
            }
        }

        var balances = new RowsStatement("balances", ["ledger_id", "entity_id", "account", "unit", "debit", "credit"],
            " ON CONFLICT (ledger_id, entity_id, account, unit) DO UPDATE SET debit = balances.debit + excluded.debit, credit = balances.credit + excluded.credit");
        foreach (var (key, total) in totals)
        {
            balances.Add(ledger, key.Entity, key.Account, key.Unit, total.Debit, total.Credit);
        }

        var daily = new RowsStatement("daily_balances", ["ledger_id", "entity_id", "account", "unit", "date", "debit", "credit"],
            " ON CONFLICT (ledger_id, entity_id, account, unit, date) DO UPDATE SET debit = daily_balances.debit + excluded.debit, credit = daily_balances.credit + excluded.credit");
        foreach (var (key, total) in days)
        {
            daily.Add(ledger, key.Entity, key.Account, key.Unit, dialect.Date(key.Date), total.Debit, total.Credit);
        }

        return (balances, daily);
    }
}
