using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A table of distinct JSON texts stored once each and referred to by id (<c>dimension_sets</c>, <c>metadata_keys</c>;
/// issue 20): an id never changes once committed, so the store remembers it; a text first seen is inserted in the
/// append's own transaction (<c>ON CONFLICT DO NOTHING</c>, so two processes may race) and remembered only after that
/// transaction commits (<see cref="Committed"/>).
/// </summary>
internal sealed class InternTable(string table)
{
    private const int MaxRemembered = 65_536;
    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);

    /// <summary>The id of <paramref name="json"/>, inserted in <paramref name="transaction"/> when new, and noted in
    /// <paramref name="resolved"/> (the append's own ids, remembered once it commits).</summary>
    internal async ValueTask<long> IdAsync(DbSession session, DbTransaction transaction, string json, Dictionary<string, long> resolved, CancellationToken cancellationToken)
    {
        if (!resolved.TryGetValue(json, out var id))
        {
            id = _ids.TryGetValue(json, out var known) ? known : await IdInTransactionAsync(session, transaction, json, cancellationToken).ConfigureAwait(false);
            resolved[json] = id;
        }

        return id;
    }

    /// <summary>Remembers the ids of an append that committed.</summary>
    internal void Committed(Dictionary<string, long> resolved)
    {
        if (_ids.Count + resolved.Count > MaxRemembered)
        {
            _ids.Clear();
        }

        foreach (var (json, id) in resolved)
        {
            _ids.TryAdd(json, id);
        }
    }

    private async Task<long> IdInTransactionAsync(DbSession session, DbTransaction transaction, string json, CancellationToken cancellationToken)
    {
        // PostgreSQL's unique index is on md5(json) (a B-tree entry is limited to a third of a page; a JSON text is not).
        var (insert, select) = session.Dialect.IsSqlite
            ? ($"INSERT INTO {table} (json) VALUES (@p0) ON CONFLICT (json) DO NOTHING", $"SELECT id FROM {table} WHERE json = @p0")
            : ($"INSERT INTO {table} (json) VALUES (@p0) ON CONFLICT ((md5(json))) DO NOTHING", $"SELECT id FROM {table} WHERE md5(json) = md5(@p0) AND json = @p0");
        await session.ExecuteAsync(transaction, insert, cancellationToken, json).ConfigureAwait(false);
        var id = await session.Command(transaction, select, json).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }
}
