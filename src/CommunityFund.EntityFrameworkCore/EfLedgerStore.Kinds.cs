using System.Globalization;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class EfLedgerStore
{
    /// <summary>The journal kinds with an index of their own by (ledger, accounting date, id): the distribution report's
    /// (<c>ix_journals_distributions</c>, a partial index, so it holds one entry a distribution and nothing else).</summary>
    internal const string DistributionsIndexFilter = "kind = 'Distribution'";

    /// <inheritdoc />
    /// <remarks>Walks the kind's journals on their index by (ledger, accounting date, id) from the cursor — the kind is
    /// inlined (an enum name) so the planner can use the partial index of distributions — keeping those with a line on the
    /// entity (a point look-up of the journal's lines), and reads the page's heads in the same statement.</remarks>
    public async Task<IReadOnlyList<JournalHead>> ReadKindJournalsPageAsync(
        LedgerId ledger, JournalKind kind, EntityId? entity, LocalDate? from, LocalDate? to, DatedJournalId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a journal kind.");
        }

        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var keys = entity is { } one ? await EntityKeysAsync(session, one, cancellationToken).ConfigureAwait(false) : null;
        if (keys is { Count: 0 })
        {
            return [];
        }

        var values = new List<object?> { ledger.Value };
        var sql = new StringBuilder("SELECT j.sequence, j.id, j.accounting_date, j.metadata, (SELECT k.json FROM metadata_keys k WHERE k.id = j.metadata_keys) " +
            "FROM journals j WHERE j.ledger_id = @p0 AND j.kind = '").Append(kind.ToString()).Append('\'');
        AppendPageRange(sql, values, session.Dialect, from, to, after is null ? null : (after.Date, "id", session.Dialect.Id(after.Id.Value)));
        if (keys is not null)
        {
            sql.Append(" AND ").Append(session.Dialect.Lines.JournalHasAccount(keys, values));
        }

        sql.Append(" ORDER BY j.accounting_date, j.id LIMIT ").Append(ParameterNames.Get(values.Count));
        values.Add((long)limit);
        var heads = new List<JournalHead>();
        var keySets = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var command = session.Command(null, sql.ToString(), [.. values]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            heads.Add(new JournalHead(reader.GetInt64(0), new JournalId(session.Dialect.ReadId(reader, 1)), session.Dialect.ReadDate(reader, 2), kind,
                ReadMetadata(reader, keySets, valuesOrdinal: 3, keySetOrdinal: 4)));
        }

        return heads;
    }

    /// <summary>The keys of every account line of an entity (in any ledger; the lines' ledger narrows them).</summary>
    private static async Task<List<long>> EntityKeysAsync(DbSession session, EntityId entity, CancellationToken cancellationToken) =>
        await ReadLongsAsync(session, "SELECT id FROM line_accounts WHERE entity_id = @p0 ORDER BY id", [entity.Value], cancellationToken).ConfigureAwait(false);
}
