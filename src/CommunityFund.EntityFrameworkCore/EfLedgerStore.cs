using System.Collections.Immutable;
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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Json, LedgerDefinition Definition)> _definitions = new(StringComparer.Ordinal);

    /// <summary>Creates a store over a context factory (one context per operation).</summary>
    /// <param name="contexts">Creates a fresh context.</param>
    public EfLedgerStore(Func<BooksDbContext> contexts) => _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));

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
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
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
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Definition, json).SetProperty(l => l.Name, definition.Name), cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    /// <inheritdoc />
    public async Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        var row = await context.Ledgers.AsNoTracking().FirstOrDefaultAsync(l => l.Id == ledger.Value, cancellationToken).ConfigureAwait(false);
        return row is null ? null : new LedgerState(Definition(row.Id, row.Definition), new LedgerHead(row.HeadSequence, row.HeadHash, row.ClosedThrough));
    }

    /// <summary>The parsed definition, reused while its stored text is unchanged (definitions are immutable values, and
    /// parsing one — every entity's chart — dominated small reads).</summary>
    private LedgerDefinition Definition(string ledger, string json)
    {
        if (_definitions.TryGetValue(ledger, out var cached) && string.Equals(cached.Json, json, StringComparison.Ordinal))
        {
            return cached.Definition;
        }

        var definition = DefinitionDocument.Read(json);
        _definitions[ledger] = (json, definition);
        return definition;
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
            catch (Exception ex) when (attempt < MaxRetries && IsTransient(ex))
            {
                // PostgreSQL serialisation failure or deadlock: nothing was written; try again.
                await Task.Delay(TimeSpan.FromMilliseconds(5 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<AppendOutcome> TryAppendAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        var journals = request.Journals;
        var last = journals[^1];
        var earliest = journals.Min(j => j.AccountingDate);
        var ledger = request.Ledger.Value;
        await using var context = _contexts();
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // 1. Move the head, only if nobody else did and the period is still open: this row is the ledger's write lock.
        var moved = await context.Ledgers
            .Where(l => l.Id == ledger && l.HeadSequence == request.ExpectedSequence && (l.ClosedThrough == null || l.ClosedThrough < earliest))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.HeadSequence, last.Sequence).SetProperty(l => l.HeadHash, last.Hash), cancellationToken)
            .ConfigureAwait(false);
        if (moved == 0)
        {
            var head = await context.Ledgers.AsNoTracking().Where(l => l.Id == ledger)
                .Select(l => new { l.HeadSequence }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return head is null ? AppendOutcome.LedgerNotFound
                : head.HeadSequence != request.ExpectedSequence ? AppendOutcome.HeadMoved
                : AppendOutcome.PeriodClosed;
        }

        // 2. The journals, their lines and the idempotency record.
        context.Journals.AddRange(journals.Select(ToRow));
        if (request.IdempotencyKey is not null)
        {
            context.IdempotencyKeys.Add(new IdempotencyRow
            {
                LedgerId = ledger,
                Key = request.IdempotencyKey,
                RequestHash = request.RequestHash,
                FirstSequence = journals[0].Sequence,
                JournalCount = journals.Count,
            });
        }

        try
        {
            context.ChangeTracker.DetectChanges();
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var text = ex.InnerException?.Message ?? ex.Message;
            return text.Contains("reversal_of", StringComparison.Ordinal) ? AppendOutcome.AlreadyReversed
                : text.Contains("idempotency_keys", StringComparison.Ordinal) || text.Contains("pk_idempotency", StringComparison.OrdinalIgnoreCase) ? AppendOutcome.IdempotencyKeyTaken
                : AppendOutcome.HeadMoved;
        }

        // 3. The balance movements, aggregated per account and per account and date, and the command's documents.
        await AddBalancesAsync(context, ledger, journals, cancellationToken).ConfigureAwait(false);
        await PutDocumentsAsync(context, ledger, request.Documents, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return AppendOutcome.Appended;
    }

    private static async Task AddBalancesAsync(BooksDbContext context, string ledger, IReadOnlyList<Journal> journals, CancellationToken cancellationToken)
    {
        var sqlite = context.Database.IsSqlite();
        var movements = journals
            .SelectMany(j => j.Lines.Select(l => (j.AccountingDate, l)))
            .GroupBy(x => (x.l.Entity.Value, x.l.Account.Value, x.l.Amount.Currency.Code, x.AccountingDate))
            .Select(g => (g.Key, Debit: g.Where(x => x.l.Side == Side.Debit).Sum(x => x.l.Amount.MinorUnits), Credit: g.Where(x => x.l.Side == Side.Credit).Sum(x => x.l.Amount.MinorUnits)))
            .ToList();
        foreach (var total in movements.GroupBy(m => (m.Key.Item1, m.Key.Item2, m.Key.Code)))
        {
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO balances (ledger_id, entity_id, account, unit, debit, credit) VALUES ({0}, {1}, {2}, {3}, {4}, {5}) " +
                "ON CONFLICT (ledger_id, entity_id, account, unit) DO UPDATE SET debit = balances.debit + excluded.debit, credit = balances.credit + excluded.credit",
                [ledger, total.Key.Item1, total.Key.Item2, total.Key.Code, total.Sum(m => m.Debit), total.Sum(m => m.Credit)],
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var day in movements)
        {
            object date = sqlite ? LocalDatePattern.Iso.Format(day.Key.AccountingDate) : day.Key.AccountingDate;
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO daily_balances (ledger_id, entity_id, account, unit, date, debit, credit) VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}) " +
                "ON CONFLICT (ledger_id, entity_id, account, unit, date) DO UPDATE SET debit = daily_balances.debit + excluded.debit, credit = daily_balances.credit + excluded.credit",
                [ledger, day.Key.Item1, day.Key.Item2, day.Key.Code, date, day.Debit, day.Credit],
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await using var context = _contexts();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PutDocumentsAsync(context, ledger.Value, documents, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        var row = await context.Documents.AsNoTracking()
            .FirstOrDefaultAsync(d => d.LedgerId == ledger.Value && d.Kind == kind && d.Key == key, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToDocument(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        var query = context.Documents.AsNoTracking().Where(d => d.LedgerId == ledger.Value && d.Kind == kind);
        if (owner is not null)
        {
            query = query.Where(d => d.Owner == owner);
        }

        var rows = await query.OrderBy(d => d.Order).ThenBy(d => d.Key).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToDocument)];
    }

    private static LedgerDocument ToDocument(DocumentRow row) =>
        new(row.Kind, row.Key, string.IsNullOrEmpty(row.Owner) ? null : row.Owner, row.Order, row.Json);

    private static async Task PutDocumentsAsync(BooksDbContext context, string ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken)
    {
        foreach (var document in documents)
        {
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO documents (ledger_id, kind, key, owner, position, json) VALUES ({0}, {1}, {2}, {3}, {4}, {5}) " +
                "ON CONFLICT (ledger_id, kind, key) DO UPDATE SET owner = excluded.owner, position = excluded.position, json = excluded.json",
                [ledger, document.Kind, document.Key, document.Owner ?? string.Empty, document.Order, document.Json],
                cancellationToken).ConfigureAwait(false);
        }
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
        await using var context = _contexts();
        var row = await Journals(context).FirstOrDefaultAsync(j => j.LedgerId == ledger.Value && j.Id == id.Value, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToJournal(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> FindByIdempotencyKeyAsync(LedgerId ledger, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        var record = await context.IdempotencyKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.LedgerId == ledger.Value && k.Key == idempotencyKey, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return [];
        }

        var rows = await Journals(context)
            .Where(j => j.LedgerId == ledger.Value && j.Sequence >= record.FirstSequence && j.Sequence < record.FirstSequence + record.JournalCount)
            .OrderBy(j => j.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToJournal)];
    }

    /// <inheritdoc />
    public async Task<Journal?> FindReversalAsync(LedgerId ledger, JournalId original, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        var row = await Journals(context).FirstOrDefaultAsync(j => j.LedgerId == ledger.Value && j.ReversalOf == original.Value, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToJournal(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> ReadJournalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = _contexts();
        // Two plain range reads (the page's journals, then their lines by primary key) instead of an Include join:
        // this is the path every scan (verification, exports, reports) streams through.
        var rows = await context.Journals.AsNoTracking()
            .Where(j => j.LedgerId == ledger.Value && j.Sequence > afterSequence)
            .OrderBy(j => j.Sequence).Take(Math.Min(limit, 10_000))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return [];
        }

        var first = rows[0].Sequence;
        var last = rows[^1].Sequence;
        var lines = await context.Lines.AsNoTracking()
            .Where(l => l.LedgerId == ledger.Value && l.Sequence >= first && l.Sequence <= last)
            .OrderBy(l => l.Sequence).ThenBy(l => l.LineNumber)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var index = 0;
        foreach (var row in rows)
        {
            while (index < lines.Count && lines[index].Sequence < row.Sequence)
            {
                index++;
            }

            while (index < lines.Count && lines[index].Sequence == row.Sequence)
            {
                row.Lines.Add(lines[index++]);
            }
        }

        return [.. rows.Select(ToJournal)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(LedgerId ledger, EntityId? entity, LocalDate? asOf, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts();
        var entityId = entity?.Value;
        List<(string Entity, string Account, string Unit, long Debit, long Credit)> rows;
        if (asOf is { } date)
        {
            var query = context.DailyBalances.AsNoTracking().Where(b => b.LedgerId == ledger.Value && b.Date <= date);
            if (entityId is not null)
            {
                query = query.Where(b => b.EntityId == entityId);
            }

            rows = [.. (await query.GroupBy(b => new { b.EntityId, b.Account, b.Unit })
                .Select(g => new { g.Key.EntityId, g.Key.Account, g.Key.Unit, Debit = g.Sum(b => b.Debit), Credit = g.Sum(b => b.Credit) })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(r => (r.EntityId, r.Account, r.Unit, r.Debit, r.Credit))];
        }
        else
        {
            var query = context.Balances.AsNoTracking().Where(b => b.LedgerId == ledger.Value);
            if (entityId is not null)
            {
                query = query.Where(b => b.EntityId == entityId);
            }

            rows = [.. (await query.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(r => (r.EntityId, r.Account, r.Unit, r.Debit, r.Credit))];
        }

        return [.. rows
            .Where(r => r.Debit != 0 || r.Credit != 0)
            .OrderBy(r => r.Entity, StringComparer.Ordinal).ThenBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.Unit, StringComparer.Ordinal)
            .Select(r => new AccountBalance(EntityId.From(r.Entity), AccountCode.Parse(r.Account), Currency.FromCode(r.Unit), r.Debit, r.Credit))];
    }

    private static IQueryable<JournalRow> Journals(BooksDbContext context) => context.Journals.AsNoTracking().Include(j => j.Lines);

    private static JournalRow ToRow(Journal journal) => new()
    {
        LedgerId = journal.Ledger.Value,
        Sequence = journal.Sequence,
        Id = journal.Id.Value,
        AccountingDate = journal.AccountingDate,
        RecordedAt = journal.RecordedAt,
        Kind = journal.Kind.ToString(),
        Memo = journal.Memo,
        SourceReference = journal.SourceReference,
        IdempotencyKey = journal.IdempotencyKey,
        RequestHash = journal.RequestHash,
        ReversalOf = journal.ReversalOf?.Value,
        Metadata = MapDocument.Write(journal.Metadata),
        PreviousHash = journal.PreviousHash,
        Hash = journal.Hash,
        Lines = [.. journal.Lines.Select((l, i) => new LineRow
        {
            LedgerId = journal.Ledger.Value,
            Sequence = journal.Sequence,
            LineNumber = i,
            EntityId = l.Entity.Value,
            Account = l.Account.Value,
            Side = (short)l.Side,
            AmountMinor = l.Amount.MinorUnits,
            Unit = l.Amount.Currency.Code,
            Dimensions = MapDocument.Write(l.Dimensions),
        })],
    };

    private static Journal ToJournal(JournalRow row) =>
        new(new JournalId(row.Id), LedgerId.From(row.LedgerId), row.Sequence, row.AccountingDate, row.RecordedAt,
            KindOf(row.Kind), row.Memo,
            [.. row.Lines.OrderBy(l => l.LineNumber).Select(l => new JournalLine(
                EntityId.From(l.EntityId), AccountCode.Parse(l.Account), (Side)l.Side, Money.FromMinorUnits(l.AmountMinor, Currency.FromCode(l.Unit)),
                Dimensions.From(MapDocument.Read(l.Dimensions))))],
            row.PreviousHash, row.Hash)
        {
            SourceReference = row.SourceReference,
            IdempotencyKey = row.IdempotencyKey,
            RequestHash = row.RequestHash,
            ReversalOf = row.ReversalOf is { } reversalOf ? new JournalId(reversalOf) : null,
            Metadata = JournalMetadata.Empty.AddRange(MapDocument.Read(row.Metadata)),
        };

    private static readonly Dictionary<string, JournalKind> Kinds = Enum.GetValues<JournalKind>().ToDictionary(k => k.ToString(), StringComparer.Ordinal);

    private static JournalKind KindOf(string text) => Kinds.TryGetValue(text, out var kind) ? kind : Enum.Parse<JournalKind>(text);

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private static bool IsTransient(Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException) is { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}
