using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using CommunityFund.Ledger;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// The distinct sets of line dimensions, stored once each in <c>dimension_sets</c> (issue 20): a line stores the id of
/// its set instead of the set's JSON (a ledger has a few dozen distinct sets over millions of lines; the JSON was a
/// third of a line's bytes). Ids never change once committed, so the store remembers them; a set first seen is
/// inserted in the append's own transaction (<c>ON CONFLICT DO NOTHING</c>, so two processes may race) and remembered
/// only after that transaction commits. Reading joins the lines to their sets, so the JSON read is the one written.
/// </summary>
internal sealed class DimensionSets
{
    private const int MaxRemembered = 65_536;
    private readonly ConcurrentDictionary<string, long> _ids = new(StringComparer.Ordinal);

    /// <summary>The ids of the sets of an append's lines, resolved in its transaction.</summary>
    internal async Task<Resolved> ResolveAsync(DbSession session, DbTransaction transaction, IReadOnlyList<Journal> journals, CancellationToken cancellationToken)
    {
        var resolved = new Resolved();
        foreach (var journal in journals)
        {
            foreach (var line in journal.Lines)
            {
                if (resolved.Json.ContainsKey(line.Dimensions))
                {
                    continue;
                }

                var json = MapDocument.Write(line.Dimensions);
                resolved.Json[line.Dimensions] = json;
                if (!resolved.Ids.ContainsKey(json))
                {
                    resolved.Ids[json] = _ids.TryGetValue(json, out var known) ? known : await IdInTransactionAsync(session, transaction, json, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return resolved;
    }

    /// <summary>Remembers the ids of an append that committed.</summary>
    internal void Committed(Resolved resolved)
    {
        if (_ids.Count + resolved.Ids.Count > MaxRemembered)
        {
            _ids.Clear();
        }

        foreach (var (json, id) in resolved.Ids)
        {
            _ids.TryAdd(json, id);
        }
    }

    private static async Task<long> IdInTransactionAsync(DbSession session, DbTransaction transaction, string json, CancellationToken cancellationToken)
    {
        // PostgreSQL's unique index is on md5(json) (a B-tree entry is limited to a third of a page; a set's JSON is not).
        var (insert, select) = session.Dialect.IsSqlite
            ? ("INSERT INTO dimension_sets (json) VALUES (@p0) ON CONFLICT (json) DO NOTHING", "SELECT id FROM dimension_sets WHERE json = @p0")
            : ("INSERT INTO dimension_sets (json) VALUES (@p0) ON CONFLICT ((md5(json))) DO NOTHING", "SELECT id FROM dimension_sets WHERE md5(json) = md5(@p0) AND json = @p0");
        await session.ExecuteAsync(transaction, insert, cancellationToken, json).ConfigureAwait(false);
        var id = await session.Command(transaction, select, json).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    /// <summary>The sets of one append: each line's dimensions to their JSON, and each JSON to its id.</summary>
    internal sealed class Resolved
    {
        internal Dictionary<Dimensions, string> Json { get; } = [];

        internal Dictionary<string, long> Ids { get; } = new(StringComparer.Ordinal);

        /// <summary>The id of a line's set.</summary>
        internal long IdOf(Dimensions dimensions) => Ids[Json[dimensions]];
    }
}
