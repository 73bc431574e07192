using System.Data.Common;
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
    private readonly InternTable _sets = new("dimension_sets");

    /// <summary>The JSON text of the sets seen (a set's text never changes: it is written once per set, not once per
    /// append; issue 20, target 4).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Dimensions, string> _texts = new();

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

                var json = TextOf(line.Dimensions);
                resolved.Json[line.Dimensions] = json;
                await _sets.IdAsync(session, transaction, json, resolved.Ids, cancellationToken).ConfigureAwait(false);
            }
        }

        return resolved;
    }

    private string TextOf(Dimensions dimensions)
    {
        if (_texts.TryGetValue(dimensions, out var known))
        {
            return known;
        }

        if (_texts.Count >= MaxRemembered)
        {
            _texts.Clear();
        }

        return _texts.GetOrAdd(dimensions, MapDocument.Write(dimensions));
    }

    /// <summary>Remembers the ids of an append that committed.</summary>
    internal void Committed(Resolved resolved) => _sets.Committed(resolved.Ids);

    /// <summary>The sets of one append: each line's dimensions to their JSON, and each JSON to its id.</summary>
    internal sealed class Resolved
    {
        internal Dictionary<Dimensions, string> Json { get; } = [];

        internal Dictionary<string, long> Ids { get; } = new(StringComparer.Ordinal);

        /// <summary>The id of a line's set.</summary>
        internal long IdOf(Dimensions dimensions) => Ids[Json[dimensions]];
    }
}
