using System.Collections.Immutable;
using System.Data.Common;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The durable <see cref="ILedgerStore"/> on EF Core — SQLite or PostgreSQL. Each append is one transaction that
/// moves the ledger head (only if it is still where the engine saw it and the period is open), inserts the journals,
/// lines and idempotency record and adds the balance movements; anything else rolls it all back. Reads are paged.
/// </summary>
public sealed class EfLedgerStore : ILedgerStore
{
    private const int MaxRetries = 5;
    private readonly Func<BooksDbContext> _contexts;
    private readonly ConnectionSource? _connections;
    private readonly GroupCommit<(string Ledger, IReadOnlyList<LedgerDocument> Documents)> _documentWrites = new();

    /// <summary>SQLite has one writer at a time: this process's writers take turns here instead of meeting the
    /// database's lock and its busy-wait sleeps (other processes still meet it).</summary>
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (long Version, LedgerDefinition Definition)> _definitions = new(StringComparer.Ordinal);

    /// <summary>Creates a store over a context factory (one context per operation).</summary>
    /// <param name="contexts">Creates a fresh context.</param>
    public EfLedgerStore(Func<BooksDbContext> contexts)
        : this(contexts, null)
    {
    }

    internal EfLedgerStore(Func<BooksDbContext> contexts, ConnectionSource? connections)
    {
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        _connections = connections;
    }

    /// <summary>Applies every pending migration of the provider.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> CreateLedgerAsync(LedgerDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var context = _contexts();
        context.Ledgers.Add(new LedgerRow { Id = definition.Id.Value, Name = definition.Name, Definition = DefinitionDocument.Write(definition), HeadHash = Journal.GenesisHash });
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> UpdateLedgerAsync(LedgerDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var context = _contexts();
        var json = DefinitionDocument.Write(definition);
        var updated = await context.Ledgers.Where(l => l.Id == definition.Id.Value)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Definition, json).SetProperty(l => l.Name, definition.Name).SetProperty(l => l.DefinitionVersion, l => l.DefinitionVersion + 1), cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    /// <inheritdoc />
    public async Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var dialect = session.Dialect;
        // The definition (every entity's chart) is read and parsed again only when its version moved.
        var cachedVersion = _definitions.TryGetValue(ledger.Value, out var cached) ? cached.Version : -1;
        var command = session.Command(null,
            "SELECT definition_version, head_sequence, head_hash, closed_through, CASE WHEN definition_version = @p1 THEN NULL ELSE definition END FROM ledgers WHERE id = @p0",
            ledger.Value, cachedVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var version = reader.GetInt64(0);
        LedgerDefinition definition;
        if (reader.IsDBNull(4))
        {
            definition = cached.Definition;
        }
        else
        {
            definition = DefinitionDocument.Read(reader.GetString(4));
            _definitions[ledger.Value] = (version, definition);
        }

        LocalDate? closedThrough = reader.IsDBNull(3) ? null : dialect.ReadDate(reader, 3);
        return new LedgerState(definition, new LedgerHead(reader.GetInt64(1), reader.GetString(2), closedThrough));
    }

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
        var dialect = session.Dialect;
        using var turn = await WriterTurnAsync(dialect, cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // 1. Move the head, only if nobody else did and the period is still open: this row is the ledger's write lock.
        var moved = await session.ExecuteAsync(transaction,
            "UPDATE ledgers SET head_sequence = @p0, head_hash = @p1 WHERE id = @p2 AND head_sequence = @p3 AND (closed_through IS NULL OR closed_through < @p4)",
            cancellationToken, last.Sequence, last.Hash, ledger, request.ExpectedSequence, dialect.Date(earliest)).ConfigureAwait(false);
        if (moved == 0)
        {
            var read = session.Command(transaction, "SELECT head_sequence FROM ledgers WHERE id = @p0", ledger);
            var head = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return head is null or DBNull ? AppendOutcome.LedgerNotFound
                : Convert.ToInt64(head, System.Globalization.CultureInfo.InvariantCulture) != request.ExpectedSequence ? AppendOutcome.HeadMoved
                : AppendOutcome.PeriodClosed;
        }

        try
        {
            // 2. The journals, the idempotency record and the lines.
            var journalRows = new RowsStatement("journals", JournalColumns);
            var lineRows = new RowsStatement("journal_lines", LineColumns);
            foreach (var journal in journals)
            {
                journalRows.Add(ledger, journal.Sequence, dialect.Id(journal.Id.Value), dialect.Date(journal.AccountingDate), dialect.Instant(journal.RecordedAt),
                    journal.Kind.ToString(), journal.Memo, journal.SourceReference, journal.IdempotencyKey, journal.RequestHash,
                    journal.ReversalOf is { } reversalOf ? dialect.Id(reversalOf.Value) : null, MapDocument.Write(journal.Metadata), journal.PreviousHash, journal.Hash);
                for (var i = 0; i < journal.Lines.Length; i++)
                {
                    var line = journal.Lines[i];
                    lineRows.Add(ledger, journal.Sequence, i, line.Entity.Value, line.Account.Value, (short)line.Side, line.Amount.MinorUnits, line.Amount.Currency.Code, MapDocument.Write(line.Dimensions));
                }
            }

            await journalRows.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
            var keys = new RowsStatement("idempotency_keys", ["ledger_id", "key", "request_hash", "first_sequence", "journal_count"]);
            foreach (var claim in request.KeysToRecord())
            {
                keys.Add(ledger, claim.Key, claim.RequestHash, claim.FirstSequence, claim.JournalCount);
            }

            await keys.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);

            await lineRows.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
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

        // 3. The balance movements, aggregated per account and per account and date, and the command's documents.
        await AddBalancesAsync(session, transaction, ledger, journals, cancellationToken).ConfigureAwait(false);
        await PutDocumentsAsync(session, transaction, ledger, request.Documents, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return AppendOutcome.Appended;
    }

    private static readonly string[] JournalColumns =
        ["ledger_id", "sequence", "id", "accounting_date", "recorded_at", "kind", "memo", "source_reference", "idempotency_key", "request_hash", "reversal_of", "metadata", "previous_hash", "hash"];

    private static readonly string[] LineColumns = ["ledger_id", "sequence", "line_number", "entity_id", "account", "side", "amount_minor", "unit", "dimensions"];

    /// <summary>An open connection for the hand-written paths: from the store's own source when it has one (no EF Core
    /// context to build per call, statements prepared once per connection), else from a fresh context.</summary>
    private async Task<DbSession> OpenAsync(CancellationToken cancellationToken) =>
        _connections is not null
            ? await _connections.OpenAsync(cancellationToken).ConfigureAwait(false)
            : await DbSession.OpenAsync(_contexts(), cancellationToken).ConfigureAwait(false);

    private async Task<IDisposable?> WriterTurnAsync(Dialect dialect, CancellationToken cancellationToken)
    {
        if (!dialect.IsSqlite)
        {
            return null;
        }

        await _sqliteWriter.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_sqliteWriter);
    }

    private sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        public void Dispose() => writer.Release();
    }

    private static async Task AddBalancesAsync(DbSession session, DbTransaction transaction, string ledger, IReadOnlyList<Journal> journals, CancellationToken cancellationToken)
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
            daily.Add(ledger, key.Entity, key.Account, key.Unit, session.Dialect.Date(key.Date), total.Debit, total.Credit);
        }

        await balances.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
        await daily.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Concurrent calls share one transaction (group commit): each returns once its documents are durable.</remarks>
    public Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return _documentWrites.WriteAsync((ledger.Value, documents), WriteDocumentsAsync, cancellationToken);
    }

    private async Task WriteDocumentsAsync(IReadOnlyList<(string Ledger, IReadOnlyList<LedgerDocument> Documents)> writes)
    {
        await using var session = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        using var turn = await WriterTurnAsync(session.Dialect, CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync().ConfigureAwait(false);
        foreach (var ledger in writes.GroupBy(w => w.Ledger, StringComparer.Ordinal))
        {
            await PutDocumentsAsync(session, transaction, ledger.Key, [.. ledger.SelectMany(w => w.Documents)], CancellationToken.None).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var documents = await ReadDocumentsAsync(session, "SELECT kind, key, owner, position, json FROM documents WHERE ledger_id = @p0 AND kind = @p1 AND key = @p2",
            cancellationToken, ledger.Value, kind, key).ConfigureAwait(false);
        return documents.Count == 0 ? null : documents[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        const string Select = "SELECT kind, key, owner, position, json FROM documents WHERE ledger_id = @p0 AND kind = @p1";
        return owner is null
            ? await ReadDocumentsAsync(session, Select + " ORDER BY position, key", cancellationToken, ledger.Value, kind).ConfigureAwait(false)
            : await ReadDocumentsAsync(session, Select + " AND owner = @p2 ORDER BY position, key", cancellationToken, ledger.Value, kind, owner).ConfigureAwait(false);
    }

    private static async Task<List<LedgerDocument>> ReadDocumentsAsync(DbSession session, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        var command = session.Command(null, sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<LedgerDocument>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var owner = reader.GetString(2);
            documents.Add(new LedgerDocument(reader.GetString(0), reader.GetString(1), owner.Length == 0 ? null : owner, reader.GetInt64(3), reader.GetString(4)));
        }

        return documents;
    }

    private static async Task PutDocumentsAsync(DbSession session, DbTransaction transaction, string ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken)
    {
        // One row per (kind, key): the last write of a key in a command wins (PostgreSQL refuses to upsert a row twice
        // in one statement).
        var latest = new Dictionary<(string Kind, string Key), LedgerDocument>();
        foreach (var document in documents)
        {
            latest[(document.Kind, document.Key)] = document;
        }

        var rows = new RowsStatement("documents", ["ledger_id", "kind", "key", "owner", "position", "json"],
            " ON CONFLICT (ledger_id, kind, key) DO UPDATE SET owner = excluded.owner, position = excluded.position, json = excluded.json");
        foreach (var document in latest.Values)
        {
            rows.Add(ledger, document.Kind, document.Key, document.Owner ?? string.Empty, document.Order, document.Json);
        }

        await rows.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        var query = context.Ledgers.Where(l => l.Id == ledger.Value);
        query = expectedClosedThrough is { } expected ? query.Where(l => l.ClosedThrough == expected) : query.Where(l => l.ClosedThrough == null);
        var updated = await query.ExecuteUpdateAsync(s => s.SetProperty(l => l.ClosedThrough, closedThrough), cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    /// <inheritdoc />
    public async Task<Journal?> GetJournalAsync(LedgerId ledger, JournalId id, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var dialect = session.Dialect;
        var journals = await ReadJournalsAsync(session, ledger, "id = @p1", cancellationToken, ledger.Value, dialect.Id(id.Value)).ConfigureAwait(false);
        return journals.Count == 0 ? null : journals[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> FindByIdempotencyKeyAsync(LedgerId ledger, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var dialect = session.Dialect;
        long first;
        int count;
        var command = session.Command(null, "SELECT first_sequence, journal_count FROM idempotency_keys WHERE ledger_id = @p0 AND key = @p1", ledger.Value, idempotencyKey);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return [];
            }

            first = reader.GetInt64(0);
            count = reader.GetInt32(1);
        }

        return await ReadJournalsAsync(session, ledger, "sequence >= @p1 AND sequence < @p2 ORDER BY sequence", cancellationToken, ledger.Value, first, first + count).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Journal?> FindReversalAsync(LedgerId ledger, JournalId original, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var dialect = session.Dialect;
        var journals = await ReadJournalsAsync(session, ledger, "reversal_of = @p1", cancellationToken, ledger.Value, dialect.Id(original.Value)).ConfigureAwait(false);
        return journals.Count == 0 ? null : journals[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> ReadJournalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var dialect = session.Dialect;
        // Two plain range reads (the page's journals, then their lines by primary key) on a raw reader: this is the
        // path every scan (verification, exports, reports) streams through.
        return await ReadJournalsAsync(session, ledger, "sequence > @p1 ORDER BY sequence LIMIT @p2", cancellationToken,
            ledger.Value, afterSequence, Math.Min(limit, 10_000)).ConfigureAwait(false);
    }

    /// <summary>Journals matching <paramref name="condition"/> (on <c>journals</c>, parameters from <c>@p1</c>), with
    /// their lines read by primary-key range.</summary>
    private static Task<List<Journal>> ReadJournalsAsync(DbSession session, LedgerId ledger, string condition, CancellationToken cancellationToken, params object?[] values) =>
        ReadJournalsAsync(session, ledger, condition, scattered: false, cancellationToken, values);

    /// <summary>Journals matching <paramref name="condition"/>; their lines read by primary-key range, or, when the
    /// journals are <paramref name="scattered"/> over the ledger, by their sequences (inlined: such statements differ
    /// every time, so they are not kept prepared).</summary>
    private static async Task<List<Journal>> ReadJournalsAsync(DbSession session, LedgerId ledger, string condition, bool scattered, CancellationToken cancellationToken, params object?[] values)
    {
        var dialect = session.Dialect;
        var heads = new List<JournalHeader>();
        var text = "SELECT sequence, id, accounting_date, recorded_at, kind, memo, source_reference, idempotency_key, request_hash, reversal_of, metadata, previous_hash, hash " +
            "FROM journals WHERE ledger_id = @p0 AND " + condition;
        var command = scattered ? session.OneOff(null, text, values) : session.Command(null, text, values);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                heads.Add(new JournalHeader(
                    reader.GetInt64(0), dialect.ReadId(reader, 1), dialect.ReadDate(reader, 2), dialect.ReadInstant(reader, 3), reader.GetString(4), reader.GetString(5),
                    NullableString(reader, 6), NullableString(reader, 7), NullableString(reader, 8),
                    reader.IsDBNull(9) ? null : dialect.ReadId(reader, 9), reader.GetString(10), reader.GetString(11), reader.GetString(12)));
            }
        }

        if (heads.Count == 0)
        {
            return [];
        }

        var first = heads.Min(h => h.Sequence);
        var last = heads.Max(h => h.Sequence);
        var lines = new Dictionary<long, ImmutableArray<JournalLine>.Builder>(heads.Count);
        var parsed = new LineValues();
        // Scattered journals: their sequences (integers read from the database itself) inline, so the lines come by key.
        command = scattered
            ? session.OneOff(null,
                "SELECT sequence, entity_id, account, side, amount_minor, unit, dimensions FROM journal_lines WHERE ledger_id = @p0 AND sequence IN (" +
                string.Join(",", heads.Select(h => h.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ") ORDER BY sequence, line_number", ledger.Value)
            : session.Command(null,
                "SELECT sequence, entity_id, account, side, amount_minor, unit, dimensions FROM journal_lines " +
                "WHERE ledger_id = @p0 AND sequence >= @p1 AND sequence <= @p2 ORDER BY sequence, line_number", ledger.Value, first, last);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            ImmutableArray<JournalLine>.Builder? current = null;
            var currentSequence = long.MinValue;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var sequence = reader.GetInt64(0);
                if (sequence != currentSequence)
                {
                    currentSequence = sequence;
                    current = ImmutableArray.CreateBuilder<JournalLine>();
                    lines[sequence] = current;
                }

                current!.Add(new JournalLine(
                    parsed.Entity(reader.GetString(1)), parsed.Account(reader.GetString(2)), (Side)reader.GetInt16(3),
                    Money.FromMinorUnits(reader.GetInt64(4), parsed.Currency(reader.GetString(5))), parsed.Dimensions(reader.GetString(6))));
            }
        }

        var journals = new List<Journal>(heads.Count);
        foreach (var h in heads)
        {
            var journalLines = lines.TryGetValue(h.Sequence, out var builder) ? builder.ToImmutable() : [];
            journals.Add(new Journal(new JournalId(h.Id), ledger, h.Sequence, h.Date, h.RecordedAt, KindOf(h.Kind), h.Memo, journalLines, h.PreviousHash, h.Hash)
            {
                SourceReference = h.SourceReference,
                IdempotencyKey = h.IdempotencyKey,
                RequestHash = h.RequestHash,
                ReversalOf = h.ReversalOf is { } reversalOf ? new JournalId(reversalOf) : null,
                Metadata = h.Metadata is "{}" or "" ? JournalMetadata.Empty : JournalMetadata.Empty.AddRange(MapDocument.Read(h.Metadata)),
            });
        }

        return journals;
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private sealed record JournalHeader(
        long Sequence, Guid Id, LocalDate Date, Instant RecordedAt, string Kind, string Memo, string? SourceReference, string? IdempotencyKey,
        string? RequestHash, Guid? ReversalOf, string Metadata, string PreviousHash, string Hash);

    /// <summary>The parsed values of one read: entities, account codes, units and dimension sets repeat on almost every
    /// line, so each distinct text is parsed once.</summary>
    private sealed class LineValues
    {
        private const int MaxDimensionSets = 4_096;
        private readonly Dictionary<string, EntityId> _entities = new(StringComparer.Ordinal);
        private readonly Dictionary<string, AccountCode> _accounts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Currency> _units = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Dimensions> _dimensions = new(StringComparer.Ordinal);

        internal EntityId Entity(string text) => Cached(_entities, text, EntityId.From);

        internal AccountCode Account(string text) => Cached(_accounts, text, AccountCode.Parse);

        internal Currency Currency(string text) => Cached(_units, text, CommunityFund.Currency.FromCode);

        internal Dimensions Dimensions(string json)
        {
            if (json is "{}" or "")
            {
                return CommunityFund.Ledger.Dimensions.Empty;
            }

            if (_dimensions.TryGetValue(json, out var dimensions))
            {
                return dimensions;
            }

            dimensions = CommunityFund.Ledger.Dimensions.From(MapDocument.Read(json));
            if (_dimensions.Count < MaxDimensionSets)
            {
                _dimensions[json] = dimensions;
            }

            return dimensions;
        }

        private static T Cached<T>(Dictionary<string, T> cache, string text, Func<string, T> parse)
        {
            if (!cache.TryGetValue(text, out var value))
            {
                value = parse(text);
                cache[text] = value;
            }

            return value;
        }
    }

    /// <inheritdoc />
    /// <remarks>Walks the account's lines in sequence order on their index (entity, account, sequence), keeps those
    /// whose journal is dated in the range, and reads those journals whole — a page at a time, never the ledger.</remarks>
    public async IAsyncEnumerable<Journal> ReadAccountJournalsAsync(
        LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long after = 0;
        while (true)
        {
            List<Journal> page;
            await using (var session = await OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                // 1. The next sequences: driven by the lines' index (a join, not EXISTS, which SQLite would flatten
                //    into a scan of the lines by sequence alone).
                var values = new List<object?> { ledger.Value, after, entity.Value, account.Value };
                var sql = new System.Text.StringBuilder(
                    "SELECT l.sequence FROM journal_lines l JOIN journals j ON j.ledger_id = l.ledger_id AND j.sequence = l.sequence " +
                    "WHERE l.ledger_id = @p0 AND l.entity_id = @p2 AND l.account = @p3 AND l.sequence > @p1");
                if (from is { } first)
                {
                    sql.Append(" AND j.accounting_date >= ").Append(ParameterNames.Get(values.Count));
                    values.Add(session.Dialect.Date(first));
                }

                if (to is { } last)
                {
                    sql.Append(" AND j.accounting_date <= ").Append(ParameterNames.Get(values.Count));
                    values.Add(session.Dialect.Date(last));
                }

                sql.Append(" ORDER BY l.sequence LIMIT 1000");
                var sequences = new SortedSet<long>();
                var command = session.Command(null, sql.ToString(), [.. values]);
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        sequences.Add(reader.GetInt64(0));
                    }
                }

                if (sequences.Count == 0)
                {
                    yield break;
                }

                // 2. Those journals, whole (sequences are integers from the database itself, inlined).
                page = await ReadJournalsAsync(session, ledger,
                    "sequence IN (" + string.Join(",", sequences.Select(q => q.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ") ORDER BY sequence",
                    scattered: true, cancellationToken, ledger.Value).ConfigureAwait(false);
                after = sequences.Max;
            }

            foreach (var journal in page)
            {
                yield return journal;
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(LedgerId ledger, EntityId? entity, LocalDate? asOf, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<object?> { ledger.Value };
        string sql;
        if (asOf is { } date)
        {
            values.Add(session.Dialect.Date(date));
            sql = "SELECT entity_id, account, unit, CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) FROM daily_balances WHERE ledger_id = @p0 AND date <= @p1" +
                (entity is null ? string.Empty : " AND entity_id = @p2") + " GROUP BY entity_id, account, unit";
        }
        else
        {
            sql = "SELECT entity_id, account, unit, debit, credit FROM balances WHERE ledger_id = @p0" + (entity is null ? string.Empty : " AND entity_id = @p1");
        }

        if (entity is { } id)
        {
            values.Add(id.Value);
        }

        var rows = new List<(string Entity, string Account, string Unit, long Debit, long Credit)>();
        var command = session.Command(null, sql, [.. values]);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        return [.. rows
            .Where(r => r.Debit != 0 || r.Credit != 0)
            .OrderBy(r => r.Entity, StringComparer.Ordinal).ThenBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.Unit, StringComparer.Ordinal)
            .Select(r => new AccountBalance(EntityId.From(r.Entity), AccountCode.Parse(r.Account), Currency.FromCode(r.Unit), r.Debit, r.Credit))];
    }

    private static readonly Dictionary<string, JournalKind> Kinds = Enum.GetValues<JournalKind>().ToDictionary(k => k.ToString(), StringComparer.Ordinal);

    private static JournalKind KindOf(string text) => Kinds.TryGetValue(text, out var kind) ? kind : Enum.Parse<JournalKind>(text);
}
