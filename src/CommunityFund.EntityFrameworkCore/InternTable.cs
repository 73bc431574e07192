using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// A table of distinct values stored once each and referred to by id (<c>dimension_sets</c> and <c>metadata_keys</c>,
/// one JSON text each; <c>line_accounts</c>, an entity, account and unit; issue 20): an id never changes once committed, so the store remembers it; a text first seen is inserted in the
/// append's own transaction (<c>ON CONFLICT DO NOTHING</c>, so two processes may race) and remembered only after that
/// transaction commits (<see cref="Committed"/>).
/// </summary>
internal sealed class InternTable(string table, string[] columns, string postgresConflict)
{
    /// <summary>A table of JSON texts (column <c>json</c>; PostgreSQL's unique index is on <c>md5(json)</c>, as a B-tree
    /// entry is limited to a third of a page and a JSON text is not).</summary>
    internal InternTable(string table)
        : this(table, ["json"], "(md5(json))")
    {
    }

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

    /// <summary>The id of a row of several values (the values stored in their columns, in order).</summary>
    internal ValueTask<long> IdAsync(DbSession session, DbTransaction transaction, string[] values, Dictionary<string, long> resolved, CancellationToken cancellationToken) =>
        IdAsync(session, transaction, string.Join('\u001f', values), resolved, cancellationToken);

    private readonly string _insert = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => ParameterNames.Get(i)))}) ON CONFLICT ";
    private readonly string _where = string.Join(" AND ", columns.Select((c, i) => $"{c} = {ParameterNames.Get(i)}"));

    private async Task<long> IdInTransactionAsync(DbSession session, DbTransaction transaction, string key, CancellationToken cancellationToken)
    {
        object?[] values = columns.Length == 1 ? [key] : key.Split('\u001f');
        var sqlite = session.Dialect.IsSqlite;
        var insert = _insert + (sqlite ? $"({string.Join(", ", columns)})" : postgresConflict) + " DO NOTHING";
        var select = $"SELECT id FROM {table} WHERE " + (sqlite || columns.Length > 1 ? _where : "md5(json) = md5(@p0) AND json = @p0");
        await session.ExecuteAsync(transaction, insert, cancellationToken, values).ConfigureAwait(false);
        var id = await session.Command(transaction, select, values).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }
}
