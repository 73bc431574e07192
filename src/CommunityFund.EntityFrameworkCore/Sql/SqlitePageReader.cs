using System.Buffers.Text;
using System.Collections.Immutable;
using System.Text;
using CommunityFund.Ledger;
using NodaTime;
using SQLitePCL;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A page of journals read straight through <c>SQLitePCLRaw</c> (issue 20: the scan every verification, export and
/// report streams through): the same two range reads as the provider's reader — the page's journals, then their lines by
/// primary key — but stepped on the connection's own handle, the lines' accounts and dimension sets taken by their id
/// (each read and parsed once per page, instead of joined and made strings on every line), the metadata key sets too, and a journal's previous hash
/// taken from the journal before it when the bytes are the same. What comes back is exactly what the provider's reader
/// makes of the same rows; anything unusual (a hash stored as text, an id or date not in its usual form) goes through
/// the same parsing as there.
/// </summary>
internal sealed class SqlitePageReader(sqlite3 db, LedgerId ledger)
{
    private const string Headers = "SELECT sequence, id, accounting_date, recorded_at, kind, memo, source_reference, idempotency_key, request_hash, reversal_of, metadata, previous_hash, hash, metadata_keys " +
        "FROM journals WHERE ledger_id = ?1 AND sequence > ?2 ORDER BY sequence LIMIT ?3";

    private const string Lines = "SELECT sequence, account_key, side, amount_minor, dimension_set FROM journal_lines " +
        "WHERE ledger_id = ?1 AND sequence >= ?2 AND sequence <= ?3 ORDER BY sequence, line_number";

    private static readonly (byte[] Name, JournalKind Kind)[] KindNames = [.. Enum.GetValues<JournalKind>().Select(k => (Encoding.UTF8.GetBytes(k.ToString()), k))];

    private readonly Dictionary<long, (EntityId Entity, AccountCode Account, Currency Unit)?> _accounts = [];
    private readonly Dictionary<long, Dimensions?> _dimensions = [];
    private readonly Dictionary<long, string[]> _metadataKeys = [];
    private readonly byte[] _lastHash = new byte[32];
    private string? _lastHashText;

    /// <summary>Up to <paramref name="limit"/> journals after <paramref name="after"/>, in sequence order.</summary>
    internal List<Journal> Read(long after, int limit)
    {
        var heads = ReadHeaders(after, limit);
        if (heads.Count == 0)
        {
            return [];
        }

        var (sequences, lines) = ReadLines(heads[0].Sequence, heads[^1].Sequence);
        var journals = new List<Journal>(heads.Count);
        var at = 0;
        foreach (var h in heads)
        {
            while (at < sequences.Count && sequences[at] < h.Sequence)
            {
                at++;
            }

            var start = at;
            while (at < sequences.Count && sequences[at] == h.Sequence)
            {
                at++;
            }

            journals.Add(new Journal(new JournalId(h.Id), ledger, h.Sequence, h.Date, h.RecordedAt, h.Kind, h.Memo, ImmutableArray.Create(lines, start, at - start), h.PreviousHash, h.Hash)
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

    private List<Header> ReadHeaders(long after, int limit)
    {
        var heads = new List<Header>(limit);
        using (var statement = Prepare(Headers))
        {
            Check(raw.sqlite3_bind_text(statement, 1, ledger.Value));
            Check(raw.sqlite3_bind_int64(statement, 2, after));
            Check(raw.sqlite3_bind_int64(statement, 3, limit));
            while (Step(statement))
            {
                var previous = Hash(statement, 11, reuse: true);
                var hash = Hash(statement, 12, reuse: false);
                var inherits = (previous.Length == 0 ? Inherited.PreviousHash : Inherited.None)
                    | (IsSameAsBefore(statement, 7) ? Inherited.Key : Inherited.None) | (IsSameAsBefore(statement, 6) ? Inherited.Source : Inherited.None);
                heads.Add(new Header(
                    raw.sqlite3_column_int64(statement, 0), Id(statement, 1), Date(statement, 2),
                    NodaConstants.UnixEpoch + Duration.FromNanoseconds(raw.sqlite3_column_int64(statement, 3)), Kind(statement, 4), Text(statement, 5)!,
                    (inherits & Inherited.Source) != 0 ? null : Text(statement, 6), (inherits & Inherited.Key) != 0 ? null : Key(statement, 7),
                    IsNull(statement, 8) ? null : Hash(statement, 8, reuse: false), IsNull(statement, 9) ? null : Id(statement, 9), Metadata(statement), previous, hash)
                {
                    Inherits = inherits,
                });
            }
        }

        // What a row leaves to the journal before it (issue 20): from the journal before it on the page, or read.
        var fetched = new Dictionary<long, Before>();
        if (SameAsBefore.Missing(heads) is { Count: > 0 } missing)
        {
            using var before = Prepare(SameAsBefore.ReadSql(missing).Replace("@p0", "?1", StringComparison.Ordinal));
            Check(raw.sqlite3_bind_text(before, 1, ledger.Value));
            while (Step(before))
            {
                fetched[raw.sqlite3_column_int64(before, 0)] = new Before(Hash(before, 1, reuse: false),
                    IsSameAsBefore(before, 2) ? null : Key(before, 2), IsNull(before, 3) ? null : Hash(before, 3, reuse: false), IsSameAsBefore(before, 4) ? null : Text(before, 4));
            }
        }

        SameAsBefore.Resolve(heads, fetched);
        return heads;
    }

    /// <summary>Whether a key or source reference column holds the empty BLOB that means "the same as the journal before".</summary>
    private static bool IsSameAsBefore(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_BLOB && raw.sqlite3_column_bytes(statement, column) == 0;

    private (List<long> Sequences, JournalLine[] Lines) ReadLines(long first, long last)
    {
        var sequences = new List<long>();
        var lines = new List<JournalLine>();
        using var statement = Prepare(Lines);
        Check(raw.sqlite3_bind_text(statement, 1, ledger.Value));
        Check(raw.sqlite3_bind_int64(statement, 2, first));
        Check(raw.sqlite3_bind_int64(statement, 3, last));
        while (Step(statement))
        {
            // A line whose account or dimension set is missing is dropped, as the provider's reader (an inner join) drops it.
            if (AccountOf(raw.sqlite3_column_int64(statement, 1)) is not { } account || DimensionsOf(raw.sqlite3_column_int64(statement, 4)) is not { } dimensions)
            {
                continue;
            }

            sequences.Add(raw.sqlite3_column_int64(statement, 0));
            lines.Add(new JournalLine(
                account.Entity, account.Account, (Side)(short)raw.sqlite3_column_int64(statement, 2),
                Money.FromMinorUnits(raw.sqlite3_column_int64(statement, 3), account.Unit), dimensions));
        }

        return (sequences, [.. lines]);
    }

    /// <summary>A line's account (entity, account code, unit) by id, read and parsed once per page; <c>null</c> when there
    /// is no such account.</summary>
    private (EntityId Entity, AccountCode Account, Currency Unit)? AccountOf(long id)
    {
        if (_accounts.TryGetValue(id, out var account))
        {
            return account;
        }

        using var statement = Prepare("SELECT entity_id, account, unit FROM line_accounts WHERE id = ?1");
        Check(raw.sqlite3_bind_int64(statement, 1, id));
        account = Step(statement) ? (EntityId.From(Text(statement, 0)!), AccountCode.Parse(Text(statement, 1)!), Currency.FromCode(Text(statement, 2)!)) : null;
        _accounts[id] = account;
        return account;
    }

    /// <summary>A dimension set by id, read and parsed once per page; <c>null</c> when there is no such set.</summary>
    private Dimensions? DimensionsOf(long id)
    {
        if (_dimensions.TryGetValue(id, out var dimensions))
        {
            return dimensions;
        }

        using var statement = Prepare("SELECT json FROM dimension_sets WHERE id = ?1");
        Check(raw.sqlite3_bind_int64(statement, 1, id));
        dimensions = Step(statement) ? EfLedgerStore.ParseDimensions(Text(statement, 0)!) : null;
        _dimensions[id] = dimensions;
        return dimensions;
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            throw new Microsoft.Data.Sqlite.SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }

        return statement;
    }

    private bool Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc is not raw.SQLITE_ROW and not raw.SQLITE_DONE)
        {
            throw new Microsoft.Data.Sqlite.SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }

        return rc == raw.SQLITE_ROW;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new Microsoft.Data.Sqlite.SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    private static bool IsNull(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    private static string? Text(sqlite3_stmt statement, int column) =>
        IsNull(statement, column) ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(statement, column));

    /// <summary>A hash as <see cref="Dialect.Hash"/> stored it: 32 bytes made lower-case hex, or the text itself. A
    /// previous hash (<paramref name="reuse"/>) equal to the hash of the journal read before it shares its string.</summary>
    private string Hash(sqlite3_stmt statement, int column, bool reuse)
    {
        if (raw.sqlite3_column_type(statement, column) != raw.SQLITE_BLOB)
        {
            return Text(statement, column) ?? throw new InvalidOperationException("A journal's hash is NULL.");
        }

        var bytes = raw.sqlite3_column_blob(statement, column);
        if (reuse)
        {
            return _lastHashText is not null && bytes.SequenceEqual(_lastHash) ? _lastHashText : Convert.ToHexStringLower(bytes);
        }

        var text = Convert.ToHexStringLower(bytes);
        if (bytes.Length == 32)
        {
            bytes.CopyTo(_lastHash);
            _lastHashText = text;
        }
        else
        {
            _lastHashText = null;
        }

        return text;
    }

    /// <summary>A caller's key as <see cref="Dialect.Key"/> stored it (16 bytes: a UUID's canonical text), or <c>null</c>.</summary>
    private static string? Key(sqlite3_stmt statement, int column) =>
        raw.sqlite3_column_type(statement, column) == raw.SQLITE_BLOB ? new Guid(raw.sqlite3_column_blob(statement, column), bigEndian: true).ToString("D") : Text(statement, column);

    private static Guid Id(sqlite3_stmt statement, int column)
    {
        var bytes = raw.sqlite3_column_blob(statement, column);
        if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_BLOB && bytes.Length == 16)
        {
            return new Guid(bytes, bigEndian: true);
        }

        return raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT && Utf8Parser.TryParse(bytes, out Guid id, out var used, 'D') && used == bytes.Length
            ? id
            : Guid.Parse(Text(statement, column)!);
    }

    private static LocalDate Date(sqlite3_stmt statement, int column)
    {
        var bytes = raw.sqlite3_column_blob(statement, column);
        if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_TEXT && bytes.Length == 10 && bytes[4] == '-' && bytes[7] == '-'
            && Digits(bytes[..4]) is { } year && Digits(bytes[5..7]) is { } month && Digits(bytes[8..]) is { } day)
        {
            return new LocalDate(year, month, day);
        }

        return IsoDate.Parse(Text(statement, column)!);
    }

    private static int? Digits(ReadOnlySpan<byte> bytes)
    {
        var value = 0;
        foreach (var b in bytes)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return null;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }

    private static JournalKind Kind(sqlite3_stmt statement, int column)
    {
        var bytes = raw.sqlite3_column_blob(statement, column);
        foreach (var (name, kind) in KindNames)
        {
            if (bytes.SequenceEqual(name))
            {
                return kind;
            }
        }

        return EfLedgerStore.KindOf(Text(statement, column)!);
    }

    /// <summary>A journal's metadata: its values (column 10) under its key set (column 13, read once per page), or, for a
    /// row written before key sets, the JSON object in column 10.</summary>
    private ImmutableSortedDictionary<string, string> Metadata(sqlite3_stmt statement)
    {
        string[]? keys = null;
        if (!IsNull(statement, 13))
        {
            var id = raw.sqlite3_column_int64(statement, 13);
            if (!_metadataKeys.TryGetValue(id, out keys))
            {
                using var lookup = Prepare("SELECT json FROM metadata_keys WHERE id = ?1");
                Check(raw.sqlite3_bind_int64(lookup, 1, id));
                keys = Step(lookup) ? MetadataKeys.ReadArray(raw.sqlite3_column_blob(lookup, 0)) : throw new InvalidOperationException($"A journal names the metadata key set {id}, which is not stored.");
                _metadataKeys[id] = keys;
            }
        }

        return MetadataKeys.Read(keys, raw.sqlite3_column_blob(statement, 10));
    }

    private sealed record Header(
        long Sequence, Guid Id, LocalDate Date, Instant RecordedAt, JournalKind Kind, string Memo, string? SourceReference, string? IdempotencyKey,
        string? RequestHash, Guid? ReversalOf, ImmutableSortedDictionary<string, string> Metadata, string PreviousHash, string Hash) : IStoredHeader<Header>
    {
        public Inherited Inherits { get; init; }

        public Before AsBefore => new(Hash, IdempotencyKey, RequestHash, SourceReference);

        public Header After(Before before)
        {
            var (previous, key, request, source) = SameAsBefore.Complete(Inherits, before, PreviousHash, IdempotencyKey, RequestHash, SourceReference);
            return this with { Inherits = Inherited.None, PreviousHash = previous, IdempotencyKey = key, RequestHash = request, SourceReference = source };
        }
    }
}
