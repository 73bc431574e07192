using System.Data.Common;
using System.Runtime.CompilerServices;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class EfLedgerStore
{
    /// <summary>How many keys one statement of <see cref="GetDocumentsAsync"/> looks up.</summary>
    public const int KeysPerLookup = 500;

    /// <inheritdoc />
    /// <remarks>Concurrent calls share one transaction (group commit): each returns once its documents are durable. The
    /// ledgers are spread over <see cref="DocumentQueues"/> queues, each with its own transaction in flight.</remarks>
    public Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var queue = _documentWrites[(StringComparer.Ordinal.GetHashCode(ledger.Value) & int.MaxValue) % DocumentQueues];
        return queue.WriteAsync((ledger.Value, documents), WriteDocumentsAsync, cancellationToken);
    }

    private async Task WriteDocumentsAsync(IReadOnlyList<(string Ledger, IReadOnlyList<LedgerDocument> Documents)> writes)
    {
        await using var session = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        var ledgers = writes.GroupBy(w => w.Ledger, StringComparer.Ordinal)
            .Select(ledger => (Ledger: ledger.Key, Documents: (IReadOnlyList<LedgerDocument>)[.. ledger.SelectMany(w => w.Documents)])).ToList();
        var stored = StoredJsonOf(ledgers.Select(ledger => ledger.Documents), session.Dialect);
        using var turn = await WriterTurnAsync(session.Dialect, CancellationToken.None).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync().ConfigureAwait(false);
        // Every ledger's row first, in one order: a writer holds a ledger's row before its records, as an append does.
        foreach (var ledger in ledgers.Select(l => l.Ledger).Order(StringComparer.Ordinal))
        {
            await MoveRecordsVersionAsync(session, transaction, ledger, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var (ledger, documents) in ledgers)
        {
            await PutDocumentsAsync(session, transaction, ledger, documents, CancellationToken.None, stored).ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Keys are deleted <see cref="KeysPerLookup"/> at a time, all in one transaction. The documents table has
    /// no append-only trigger; the journals, their lines and the idempotency keys do, and are never documents.</remarks>
    public async Task<int> DeleteDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return 0;
        }

        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var turn = await WriterTurnAsync(session.Dialect, cancellationToken).ConfigureAwait(false);
        await using var transaction = await session.Connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await MoveRecordsVersionAsync(session, transaction, ledger.Value, cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(KeysPerLookup))
        {
            var names = string.Join(", ", chunk.Select((_, i) => $"@p{i + 2}"));
            deleted += await session.ExecuteAsync(transaction, $"DELETE FROM documents WHERE ledger_id = @p0 AND kind = @p1 AND key IN ({names})",
                cancellationToken, [ledger.Value, kind, .. chunk.Select(session.Dialect.Key)]).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<long?> GetRecordsVersionAsync(LedgerId ledger, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var version = await session.Command(null, "SELECT records_version FROM ledgers WHERE id = @p0", ledger.Value).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return version is null or DBNull ? null : Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves a ledger's records version (<see cref="GetRecordsVersionAsync"/>) in a transaction that writes or
    /// deletes its records without journals; on PostgreSQL the transaction holds the ledger's row from here to its commit.</summary>
    private static Task<int> MoveRecordsVersionAsync(DbSession session, DbTransaction transaction, string ledger, CancellationToken cancellationToken) =>
        session.ExecuteAsync(transaction, "UPDATE ledgers SET records_version = records_version + 1 WHERE id = @p0", cancellationToken, ledger);

    /// <inheritdoc />
    public async Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var documents = await ReadDocumentsAsync(session, "SELECT kind, key, owner, position, json, schema_version FROM documents WHERE ledger_id = @p0 AND kind = @p1 AND key = @p2",
            cancellationToken, ledger.Value, kind, session.Dialect.Key(key)).ConfigureAwait(false);
        return documents.Count == 0 ? null : documents[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        const string Select = "SELECT kind, key, owner, position, json, schema_version FROM documents WHERE ledger_id = @p0 AND kind = @p1";
        return owner is null
            ? await ReadDocumentsAsync(session, Select + " ORDER BY position, key", cancellationToken, ledger.Value, kind).ConfigureAwait(false)
            : await ReadDocumentsAsync(session, Select + " AND owner = @p2 ORDER BY position, key", cancellationToken, ledger.Value, kind, owner).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>A keyset query on the index (ledger, kind, position, key) — or, for one owner, (ledger, kind, owner,
    /// position): it reads the page, not the documents before it.</remarks>
    public async Task<IReadOnlyList<LedgerDocument>> ListDocumentsPageAsync(
        LedgerId ledger, string kind, string? owner, DocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var values = new List<object?> { ledger.Value, kind };
        var sql = new System.Text.StringBuilder("SELECT kind, key, owner, position, json, schema_version FROM documents WHERE ledger_id = @p0 AND kind = @p1");
        if (owner is not null)
        {
            sql.Append(" AND owner = ").Append(ParameterNames.Get(values.Count));
            values.Add(owner);
        }

        if (after is not null)
        {
            sql.Append(" AND (position, key) > (").Append(ParameterNames.Get(values.Count)).Append(", ").Append(ParameterNames.Get(values.Count + 1)).Append(')');
            values.Add(after.Order);
            values.Add(after.Key);
        }

        sql.Append(" ORDER BY position, key LIMIT ").Append(ParameterNames.Get(values.Count));
        values.Add((long)limit);
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (after is not null)
        {
            // The cursor's key as stored (on SQLite a UUID key is its bytes, which sort as its text does among UUIDs).
            values[^2] = session.Dialect.Key(after.Key);
        }

        return await ReadDocumentsAsync(session, sql.ToString(), cancellationToken, [.. values]).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Keys are looked up <see cref="KeysPerLookup"/> at a time, each chunk one statement.</remarks>
    public async Task<IReadOnlyList<LedgerDocument>> GetDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<LedgerDocument>(keys.Count);
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in LookupChunks(keys))
        {
            found.AddRange(await ReadDocumentsAsync(session, $"SELECT kind, key, owner, position, json, schema_version FROM documents WHERE ledger_id = @p0 AND kind = @p1 AND key IN ({InList(2, chunk.Length)})",
                cancellationToken, [ledger.Value, kind, .. chunk.Select(session.Dialect.Key)]).ConfigureAwait(false));
        }

        return found;
    }

    /// <summary>The distinct keys in chunks of at most <see cref="KeysPerLookup"/>, each padded (with its own last key, which
    /// changes nothing in an <c>IN</c> list) to a power of two or to <see cref="KeysPerLookup"/>: lookups of any number of
    /// keys use a dozen statement texts, which a pooled SQLite connection keeps prepared (it keeps 256) instead of one
    /// text per count crowding out the append's statements.</summary>
    private static IEnumerable<string[]> LookupChunks(IEnumerable<string> keys)
    {
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(KeysPerLookup))
        {
            var size = Math.Min((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)chunk.Length), KeysPerLookup);
            var padded = new string[size];
            chunk.CopyTo(padded, 0);
            Array.Fill(padded, chunk[^1], chunk.Length, size - chunk.Length);
            yield return padded;
        }
    }

    /// <summary>The text of an <c>IN</c> list of <paramref name="count"/> parameters from <c>@p{first}</c>.</summary>
    private static string InList(int first, int count) => InLists.GetOrAdd((first, count), static k => string.Join(", ", Enumerable.Range(k.First, k.Count).Select(ParameterNames.Get)));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int First, int Count), string> InLists = new();

    /// <summary>How many documents one page of <see cref="StreamDocumentsAsync"/> reads.</summary>
    public const int DocumentsPerStreamPage = 500;

    /// <inheritdoc />
    /// <remarks>Reads <see cref="DocumentsPerStreamPage"/> documents at a time with <see cref="ListDocumentsPageAsync"/>,
    /// each page its own short statement: no reader (nor, on SQLite, a read snapshot that holds back the checkpoint of
    /// the write-ahead log) stays open while the caller folds the documents. Documents written during the stream
    /// after its position are included.</remarks>
    public async IAsyncEnumerable<LedgerDocument> StreamDocumentsAsync(LedgerId ledger, string kind, string? owner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        DocumentCursor? after = null;
        while (true)
        {
            var page = await ListDocumentsPageAsync(ledger, kind, owner, after, DocumentsPerStreamPage, cancellationToken).ConfigureAwait(false);
            foreach (var document in page)
            {
                yield return document;
            }

            if (page.Count < DocumentsPerStreamPage)
            {
                yield break;
            }

            after = DocumentCursor.After(page[^1]);
        }
    }

    private static async Task<List<LedgerDocument>> ReadDocumentsAsync(DbSession session, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        var command = session.Command(null, sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var documents = new List<LedgerDocument>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(ReadDocument(reader));
        }

        return documents;
    }

    private static LedgerDocument ReadDocument(DbDataReader reader)
    {
        var owner = reader.GetString(2);
        return new LedgerDocument(reader.GetString(0), Dialect.ReadKey(reader, 1), owner.Length == 0 ? null : owner, reader.GetInt64(3), StoredJson.Read(reader, 4))
        {
            SchemaVersion = reader.GetInt32(5),
        };
    }

    /// <summary>How many documents are encoded and written at a time within one transaction.</summary>
    private const int DocumentsPerChunk = 1_000;

    /// <summary>Writes the documents in order, <see cref="DocumentsPerChunk"/> at a time, so that only one chunk's rows
    /// are held (a list that encodes its documents as they are read is never materialised whole).</summary>
    private static async Task PutDocumentsAsync(
        DbSession session, DbTransaction transaction, string ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken, IReadOnlyDictionary<LedgerDocument, object>? stored = null)
    {
        foreach (var rows in DocumentRows(ledger, documents, session.Dialect, stored))
        {
            await rows.ExecuteAsync(session, transaction, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The upserts of <paramref name="documents"/>, a chunk of <see cref="DocumentsPerChunk"/> keys each. One row
    /// per (kind, key) in a chunk: the last write of a key wins (PostgreSQL refuses to upsert a row twice in one
    /// statement); a key written again in a later chunk is upserted again, so the last write wins overall too. Each chunk
    /// is made when the one before has been taken, so only one chunk's rows are held at a time.</summary>
    private static IEnumerable<RowsStatement> DocumentRows(string ledger, IReadOnlyList<LedgerDocument> documents, Dialect dialect, IReadOnlyDictionary<LedgerDocument, object>? stored = null)
    {
        var latest = new Dictionary<(string Kind, string Key), LedgerDocument>();
        foreach (var document in documents)
        {
            latest[(document.Kind, document.Key)] = document;
            if (latest.Count == DocumentsPerChunk)
            {
                yield return Chunk(ledger, latest.Values, dialect, stored);
                latest.Clear();
            }
        }

        yield return Chunk(ledger, latest.Values, dialect, stored);
    }

    /// <summary>The documents' JSON as stored, made before the writer's turn (compressing takes 15–17 µs a sale
    /// record, ADR 0041, which the transaction then does not wait for), for the last write of each key in each of a
    /// ledger's lists of writes: the writes before it are replaced in the same statement (a group's sales each carry
    /// the remainder forward; only the last carry is written). A write not made here — one replaced only in a later
    /// chunk — is encoded when its chunk is. <c>null</c> when there are none.</summary>
    private static Dictionary<LedgerDocument, object>? StoredJsonOf(IEnumerable<IReadOnlyList<LedgerDocument>> lists, Dialect dialect)
    {
        Dictionary<LedgerDocument, object>? stored = null;
        var last = new Dictionary<(string Kind, string Key), LedgerDocument>();
        foreach (var documents in lists)
        {
            last.Clear();
            foreach (var document in documents)
            {
                last[(document.Kind, document.Key)] = document;
            }

            foreach (var document in last.Values)
            {
                stored ??= new Dictionary<LedgerDocument, object>(ReferenceEqualityComparer.Instance);
                stored[document] = dialect.Json(document.Json);
            }
        }

        return stored;
    }

    private static RowsStatement Chunk(string ledger, IEnumerable<LedgerDocument> documents, Dialect dialect, IReadOnlyDictionary<LedgerDocument, object>? stored)
    {
        var rows = new RowsStatement("documents", ["ledger_id", "kind", "key", "owner", "position", "json", "schema_version"],
            " ON CONFLICT (ledger_id, kind, key) DO UPDATE SET owner = excluded.owner, position = excluded.position, json = excluded.json, schema_version = excluded.schema_version");
        foreach (var document in documents)
        {
            rows.Add(ledger, document.Kind, dialect.Key(document.Key), document.Owner ?? string.Empty, document.Order,
                stored is not null && stored.TryGetValue(document, out var json) ? json : dialect.Json(document.Json), document.SchemaVersion);
        }

        return rows;
    }
}
