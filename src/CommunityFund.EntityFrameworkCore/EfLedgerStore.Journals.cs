using System.Collections.Immutable;
using System.Data.Common;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class EfLedgerStore
{
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
        var command = session.Command(null, "SELECT first_sequence, journal_count FROM idempotency_keys WHERE ledger_id = @p0 AND key = @p1", ledger.Value, dialect.Key(idempotencyKey));
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
    /// <remarks>On SQLite one statement per <see cref="KeysPerLookup"/> keys on the idempotency records' primary key (the
    /// key counts padded as <see cref="GetDocumentsAsync"/> pads them); on PostgreSQL one statement of probes
    /// (<see cref="KeyProbes"/>).</remarks>
    public async Task<IReadOnlySet<string>> FindUsedIdempotencyKeysAsync(LedgerId ledger, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var used = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return used;
        }

        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // On PostgreSQL every key is stored as PackedText's bytes (Dialect.Key), so the probes take one bytea[].
        var lookups = session.Dialect.IsSqlite
            ? LookupChunks(keys).Select(chunk => session.Command(null, $"SELECT key FROM idempotency_keys WHERE ledger_id = @p0 AND key IN ({InList(1, chunk.Length)})",
                [ledger.Value, .. chunk.Select(session.Dialect.Key)]))
            : [session.Command(null, KeyProbes, ledger.Value, keys.Select(PackedText.Write).ToArray())];
        foreach (var command in lookups)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                used.Add(Dialect.ReadKey(reader, 0));
            }
        }

        return used;
    }

    /// <summary>PostgreSQL's lookup of used keys (issue 20, ADR 0037): one probe of the primary key per key, each an equality
    /// on both its columns (the <c>LIMIT</c> keeps the lateral subquery a nested probe). <c>key IN (…)</c> was planned, on
    /// tables not yet analysed — a new database's first minute, the whole of a short benchmark — as a scan of the ledger's
    /// whole range filtered by key, so every group commit read every key the ledger had.</summary>
    private const string KeyProbes =
        "SELECT q.key FROM unnest(@p1) AS q(key) CROSS JOIN LATERAL (SELECT 1 FROM idempotency_keys i WHERE i.ledger_id = @p0 AND i.key = q.key LIMIT 1) AS found";

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
        // path every scan (verification, exports, reports) streams through. On SQLite, stepped on the handle itself.
        if (session.Connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            return new SqlitePageReader(handle, ledger).Read(afterSequence, Math.Min(limit, 10_000));
        }

        return await ReadJournalsAsync(session, ledger, "sequence > @p1 ORDER BY sequence LIMIT @p2", cancellationToken,
            ledger.Value, afterSequence, Math.Min(limit, 10_000)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Reads the partial unique index on the reversed journal (<c>reversal_of IS NOT NULL</c>), which holds only
    /// the reversals, so the cost follows the number of corrections, not the ledger's size.</remarks>
    public async Task<IReadOnlyList<Journal>> ReadReversalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // The unary plus keeps the primary key out of the plan: by (ledger, sequence) the database would walk every journal
        // after the cursor looking for the few reversals; on the partial index it reads only them, then sorts them.
        return await ReadJournalsAsync(session, ledger, "reversal_of IS NOT NULL AND +sequence > @p1 ORDER BY +sequence LIMIT @p2", scattered: true, cancellationToken,
            ledger.Value, afterSequence, Math.Min(limit, 10_000)).ConfigureAwait(false);
    }

    /// <summary>The integers a query selects (its first column), in its order.</summary>
    private static async Task<List<long>> ReadLongsAsync(DbSession session, string sql, List<object?> values, CancellationToken cancellationToken)
    {
        var sequences = new List<long>();
        var command = session.Command(null, sql, [.. values]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    /// <summary>The journals of the given sequences, whole, in sequence order (the sequences are integers from the
    /// database itself, inlined: such statements differ every time).</summary>
    private static Task<List<Journal>> ReadJournalsBySequenceAsync(DbSession session, LedgerId ledger, IEnumerable<long> sequences, CancellationToken cancellationToken) =>
        ReadJournalsAsync(session, ledger,
            "sequence IN (" + string.Join(",", sequences.Select(q => q.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ") ORDER BY sequence",
            scattered: true, cancellationToken, ledger.Value);

    /// <summary>Journals matching <paramref name="condition"/> (on <c>journals</c>, parameters from <c>@p1</c>), with
    /// their lines read by primary-key range.</summary>
    private static Task<List<Journal>> ReadJournalsAsync(DbSession session, LedgerId ledger, string condition, CancellationToken cancellationToken, params object?[] values) =>
        ReadJournalsAsync(session, ledger, condition, scattered: false, cancellationToken, values);

    /// <summary>Journals matching <paramref name="condition"/>; their lines read by primary-key range, or, when the
    /// journals are <paramref name="scattered"/> over the ledger, by their sequences (inlined: such statements differ
    /// every time, so they are not kept prepared).</summary>
    private static async Task<List<Journal>> ReadJournalsAsync(DbSession session, LedgerId ledger, string condition, bool scattered, CancellationToken cancellationToken, params object?[] values)
    {
        var heads = await ReadHeadersAsync(session, condition, scattered, cancellationToken, values).ConfigureAwait(false);
        if (heads.Count == 0)
        {
            return [];
        }

        var lines = await ReadLinesAsync(session, ledger, heads, scattered, cancellationToken).ConfigureAwait(false);
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
                Metadata = h.Metadata,
            });
        }

        return journals;
    }

    /// <summary>The journals' own columns (without their lines), as read.</summary>
    private static async Task<List<JournalHeader>> ReadHeadersAsync(DbSession session, string condition, bool scattered, CancellationToken cancellationToken, object?[] values)
    {
        var dialect = session.Dialect;
        var heads = new List<JournalHeader>();
        // The metadata's key set (since issue 20; NULL for rows written before) joined from metadata_keys as a
        // scalar subquery, so that the callers' conditions on the journals' own columns stay unambiguous.
        var text = "SELECT sequence, id, accounting_date, recorded_at, kind, memo, source_reference, idempotency_key, request_hash, reversal_of, metadata, previous_hash, hash, " +
            "(SELECT k.json FROM metadata_keys k WHERE k.id = journals.metadata_keys) FROM journals WHERE ledger_id = @p0 AND " + condition;
        var keySets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var command = scattered ? session.OneOff(null, text, values) : session.Command(null, text, values);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var previous = Dialect.ReadHash(reader, 11);
                var inherits = (previous.Length == 0 ? Inherited.PreviousHash : Inherited.None)
                    | (IsSameAsBefore(reader, 7) ? Inherited.Key : Inherited.None) | (IsSameAsBefore(reader, 6) ? Inherited.Source : Inherited.None);
                heads.Add(new JournalHeader(
                    reader.GetInt64(0), dialect.ReadId(reader, 1), dialect.ReadDate(reader, 2), dialect.ReadInstant(reader, 3), reader.GetString(4), reader.GetString(5),
                    (inherits & Inherited.Source) != 0 ? null : Dialect.ReadNullableKey(reader, 6),
                    reader.IsDBNull(7) || (inherits & Inherited.Key) != 0 ? null : Dialect.ReadKey(reader, 7), reader.IsDBNull(8) ? null : Dialect.ReadHash(reader, 8),
                    reader.IsDBNull(9) ? null : dialect.ReadId(reader, 9), ReadMetadata(reader, keySets), previous, Dialect.ReadHash(reader, 12)) { Inherits = inherits });
            }
        }

        // What a row leaves to the journal before it (issue 20): from the journal before it in the list, or read.
        var fetched = new Dictionary<long, Before>();
        if (SameAsBefore.Missing(heads) is { Count: > 0 } missing)
        {
            await using var before = await session.OneOff(null, SameAsBefore.ReadSql(missing), values[0]).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await before.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // (A key or reference that is itself left to the journal before it is not the value: only a changed row has one.)
                fetched[before.GetInt64(0)] = new Before(Dialect.ReadHash(before, 1),
                    before.IsDBNull(2) || IsSameAsBefore(before, 2) ? null : Dialect.ReadKey(before, 2), before.IsDBNull(3) ? null : Dialect.ReadHash(before, 3),
                    IsSameAsBefore(before, 4) ? null : Dialect.ReadNullableKey(before, 4));
            }
        }

        SameAsBefore.Resolve(heads, fetched);
        return heads;
    }

    /// <summary>Whether a key or source reference column holds the empty BLOB (SQLite) or <c>bytea</c> (PostgreSQL) that means
    /// "the same as the journal before".</summary>
    private static bool IsSameAsBefore(DbDataReader reader, int ordinal) =>
        !reader.IsDBNull(ordinal) && reader.GetFieldType(ordinal) == typeof(byte[]) && reader.GetFieldValue<byte[]>(ordinal).Length == 0;

    /// <summary>The lines of the journals <paramref name="heads"/>, by journal sequence.</summary>
    private static async Task<Dictionary<long, ImmutableArray<JournalLine>.Builder>> ReadLinesAsync(
        DbSession session, LedgerId ledger, List<JournalHeader> heads, bool scattered, CancellationToken cancellationToken)
    {
        var first = heads.Min(h => h.Sequence);
        var last = heads.Max(h => h.Sequence);
        if (!scattered && session.Dialect.Lines.RangeFromArrays is { } fromArrays)
        {
            return await ReadLineArraysAsync(session.Command(null, fromArrays, ledger.Value, first, last), heads.Count, cancellationToken).ConfigureAwait(false);
        }

        var lines = new Dictionary<long, ImmutableArray<JournalLine>.Builder>(heads.Count);
        var parsed = new LineValues();
        // Scattered journals: their sequences (integers read from the database itself) inline, so the lines come by key.
        var command = scattered
            ? session.OneOff(null,
                LineSelect + "WHERE l.ledger_id = @p0 AND l.sequence IN (" +
                string.Join(",", heads.Select(h => h.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ") ORDER BY l.sequence, l.line_number", ledger.Value)
            : session.Command(null,
                LineSelect + "WHERE l.ledger_id = @p0 AND l.sequence >= @p1 AND l.sequence <= @p2 ORDER BY l.sequence, l.line_number", ledger.Value, first, last);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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

        return lines;
    }

    /// <summary>
    /// The lines of a range of journals where they are kept in the journal's row (PostgreSQL, ADR 0038), read by
    /// <paramref name="command"/> (<see cref="LineLayout.RangeFromArrays"/>): the arrays as they are, with the accounts and
    /// dimension sets they refer to — three statements in one round trip, without the <c>journal_lines</c> view's unnest,
    /// joins and sort (for 1,000 journals the view took 15 ms of the server's time, their arrays alone 1.1 ms).
    /// Scattered journals (a register's page) still come through the view: each statement would look every one of them
    /// up again. A line whose account or set is missing is left out, as the view's join would.
    /// </summary>
    private static async Task<Dictionary<long, ImmutableArray<JournalLine>.Builder>> ReadLineArraysAsync(DbCommand command, int count, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var parsed = new LineValues();
        var accounts = new Dictionary<long, (EntityId Entity, AccountCode Account, Currency Unit)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts[reader.GetInt64(0)] = (parsed.Entity(reader.GetString(1)), parsed.Account(reader.GetString(2)), parsed.Currency(reader.GetString(3)));
        }

        var sets = new Dictionary<long, Dimensions>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sets[reader.GetInt64(0)] = parsed.Dimensions(reader.GetString(1));
        }

        var lines = new Dictionary<long, ImmutableArray<JournalLine>.Builder>(count);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (accountIds, setIds, amounts) = (reader.GetFieldValue<int[]>(1), reader.GetFieldValue<int[]>(2), reader.GetFieldValue<long[]>(3));
            var builder = ImmutableArray.CreateBuilder<JournalLine>(accountIds.Length);
            for (var i = 0; i < accountIds.Length; i++)
            {
                if (accounts.TryGetValue(accountIds[i], out var account) && sets.TryGetValue(setIds[i], out var dimensions))
                {
                    var (side, minorUnits) = LineLayout.Unsigned(amounts[i]);
                    builder.Add(new JournalLine(account.Entity, account.Account, side, Money.FromMinorUnits(minorUnits, account.Unit), dimensions));
                }
            }

            lines[reader.GetInt64(0)] = builder;
        }

        return lines;
    }

    /// <summary>A line's columns, its account (entity, account code, unit) and dimensions joined from their rows (each
    /// stored once per distinct value).</summary>
    private const string LineSelect =
        "SELECT l.sequence, a.entity_id, a.account, l.side, l.amount_minor, a.unit, d.json FROM journal_lines l " +
        "JOIN line_accounts a ON a.id = l.account_key JOIN dimension_sets d ON d.id = l.dimension_set ";

    /// <summary>A journal's metadata from its <c>metadata</c> column (10) and its key set's JSON (13), each distinct key
    /// set parsed once per read.</summary>
    private static ImmutableSortedDictionary<string, string> ReadMetadata(DbDataReader reader, Dictionary<string, string[]> keySets, int valuesOrdinal = 10, int keySetOrdinal = 13)
    {
        string[]? keys = null;
        if (!reader.IsDBNull(keySetOrdinal))
        {
            var json = reader.GetString(keySetOrdinal);
            if (!keySets.TryGetValue(json, out keys))
            {
                keys = MetadataKeys.ReadArray(System.Text.Encoding.UTF8.GetBytes(json));
                keySets[json] = keys;
            }
        }

        return MetadataKeys.Read(keys, System.Text.Encoding.UTF8.GetBytes(reader.GetString(valuesOrdinal)));
    }

    private sealed record JournalHeader(
        long Sequence, Guid Id, LocalDate Date, Instant RecordedAt, string Kind, string Memo, string? SourceReference, string? IdempotencyKey,
        string? RequestHash, Guid? ReversalOf, ImmutableSortedDictionary<string, string> Metadata, string PreviousHash, string Hash) : IStoredHeader<JournalHeader>
    {
        public Inherited Inherits { get; init; }

        public Before AsBefore => new(Hash, IdempotencyKey, RequestHash, SourceReference);

        public JournalHeader After(Before before)
        {
            var (previous, key, request, source) = SameAsBefore.Complete(Inherits, before, PreviousHash, IdempotencyKey, RequestHash, SourceReference);
            return this with { Inherits = Inherited.None, PreviousHash = previous, IdempotencyKey = key, RequestHash = request, SourceReference = source };
        }
    }

    private static readonly Dictionary<string, JournalKind> Kinds = Enum.GetValues<JournalKind>().ToDictionary(k => k.ToString(), StringComparer.Ordinal);

    internal static JournalKind KindOf(string text) => Kinds.TryGetValue(text, out var kind) ? kind : Enum.Parse<JournalKind>(text);
}
