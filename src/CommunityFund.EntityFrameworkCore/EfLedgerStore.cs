using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The durable <see cref="ILedgerStore"/> on EF Core — SQLite or PostgreSQL. Each append is one transaction that
/// moves the ledger head (only if it is still where the engine saw it and the period is open), inserts the journals,
/// lines and idempotency record and adds the balance movements; anything else rolls it all back. Reads are paged.
/// </summary>
public sealed partial class EfLedgerStore : ILedgerStore, ISnapshotStore
{
    private const int MaxRetries = 5;
    private readonly Func<BooksDbContext> _contexts;
    private readonly ConnectionSource? _connections;
    /// <summary>How many group-commit queues the documents written on their own are spread over, by ledger: writes of
    /// different ledgers are not all behind one transaction at a time (on SQLite they take turns anyway).</summary>
    private const int DocumentQueues = 8;

    private readonly GroupCommit<(string Ledger, IReadOnlyList<LedgerDocument> Documents)>[] _documentWrites =
        [.. Enumerable.Range(0, DocumentQueues).Select(_ => new GroupCommit<(string Ledger, IReadOnlyList<LedgerDocument> Documents)>())];

    /// <summary>SQLite has one writer at a time: this process's writers take turns here instead of meeting the
    /// database's lock and its busy-wait sleeps (other processes still meet it).</summary>
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private readonly DimensionSets _dimensionSets = new();
    private readonly MetadataKeys _metadataKeys = new();
    private readonly LineAccounts _lineAccounts = new();
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
    public async Task<bool> UpdateLedgerAsync(LedgerDefinition definition, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        await using var context = _contexts();
        var json = DefinitionDocument.Write(definition);
        var updated = await context.Ledgers.Where(l => l.Id == definition.Id.Value && (expectedVersion == null || l.DefinitionVersion == expectedVersion))
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
        return new LedgerState(definition, new LedgerHead(reader.GetInt64(1), Dialect.ReadHash(reader, 2), closedThrough)) { DefinitionVersion = version };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerState>> ListLedgersAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<LedgerId>();
        await using (var session = await OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var reader = await session.Command(null, "SELECT id FROM ledgers ORDER BY id").ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(LedgerId.From(reader.GetString(0)));
            }
        }

        // Ordinal order, as the in-memory store gives, whatever the database's collation.
        ids.Sort();
        var states = new List<LedgerState>(ids.Count);
        foreach (var id in ids)
        {
            // A ledger is never deleted, so every id read above still has its state.
            states.Add((await GetLedgerAsync(id, cancellationToken).ConfigureAwait(false))!);
        }

        return states;
    }

    /// <inheritdoc />
    /// <remarks>One connection in one read transaction for the snapshot's life (<see cref="SnapshotConnectionSource"/>);
    /// its reads run one at a time on that connection.</remarks>
    public async Task<LedgerSnapshot> OpenSnapshotAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        var source = await SnapshotConnectionSource.BeginAsync(await OpenAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return new LedgerSnapshot(new EfLedgerStore(_contexts, source), isolated: true, source.DisposeAsync);
    }

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
    public async Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await WriterTurnAsync(session.Dialect, cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        object?[] values = expectedClosedThrough is { } expected
            ? [session.Dialect.Date(closedThrough), ledger.Value, expectedSequence, session.Dialect.Date(expected)]
            : [session.Dialect.Date(closedThrough), ledger.Value, expectedSequence];
        var lockWas = expectedClosedThrough is null ? "closed_through IS NULL" : "closed_through = @p3";
        var moved = await session.ExecuteAsync(transaction, $"UPDATE ledgers SET closed_through = @p0, records_version = records_version + 1 WHERE id = @p1 AND head_sequence = @p2 AND {lockWas}",
            cancellationToken, values).ConfigureAwait(false);
        if (moved != 1)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await PutDocumentsAsync(session, transaction, ledger.Value, documents, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<bool> PutDocumentsAtHeadAsync(LedgerId ledger, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await WriterTurnAsync(session.Dialect, cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The row is changed (its records' version) so that PostgreSQL holds it until the commit: no append can move the head between.
        var held = await session.ExecuteAsync(transaction, "UPDATE ledgers SET records_version = records_version + 1 WHERE id = @p0 AND head_sequence = @p1",
            cancellationToken, ledger.Value, expectedSequence).ConfigureAwait(false);
        if (held != 1)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        await PutDocumentsAsync(session, transaction, ledger.Value, documents, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
