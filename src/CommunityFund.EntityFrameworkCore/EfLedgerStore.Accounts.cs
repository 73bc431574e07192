using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

public sealed partial class EfLedgerStore
{
    /// <inheritdoc />
    /// <remarks>Walks the account's lines in sequence order on their index (account id, sequence) — on PostgreSQL the
    /// journals with the account among their lines' (<see cref="LineLayout"/>) — keeps those whose journal is dated in
    /// the range, and reads those journals whole — a page at a time, never the ledger.</remarks>
    public async IAsyncEnumerable<Journal> ReadAccountJournalsAsync(
        LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long after = 0;
        while (true)
        {
            List<Journal> page;
            await using (var session = await OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                // 1. The next sequences (LineLayout.AccountSequences).
                var sequences = await NextAccountSequencesAsync(session, ledger, entity, account, from, to, after, cancellationToken).ConfigureAwait(false);
                if (sequences.Count == 0)
                {
                    yield break;
                }

                // 2. Those journals, whole.
                page = await ReadJournalsBySequenceAsync(session, ledger, sequences, cancellationToken).ConfigureAwait(false);
                after = sequences.Max;
            }

            foreach (var journal in page)
            {
                yield return journal;
            }
        }
    }

    /// <summary>The next thousand sequences after <paramref name="after"/> of the journals with a line on the account,
    /// dated in the range (none when the account has no line).</summary>
    private static async Task<SortedSet<long>> NextAccountSequencesAsync(
        DbSession session, LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, long after, CancellationToken cancellationToken)
    {
        var sequences = new SortedSet<long>();
        var keys = await AccountKeysAsync(session, entity, account, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return sequences;
        }

        var values = new List<object?> { ledger.Value, after };
        var (select, orderBy) = session.Dialect.Lines.AccountSequences(keys, values);
        var sql = new System.Text.StringBuilder(select);
        if (from is { } first)
        {
            sql.Append(" AND j.accounting_date >= ").Append(ParameterNames.Get(values.Count));
            values.Add(session.Dialect.Date(first));
        }

        if (to is { } last)
        {
            sql.Append(" AND j.accounting_date <= ").Append(ParameterNames.Get(values.Count));
            values.Add(session.Dialect.Date(last));
        }

        sql.Append(" ORDER BY ").Append(orderBy).Append(" LIMIT 1000");
        var command = session.Command(null, sql.ToString(), [.. values]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    /// <inheritdoc />
    /// <remarks>Walks the journals on their date index (ledger, accounting date, sequence) from the cursor, keeping those
    /// with a line on the account (a point look-up in the lines' account index), and stops at the page's end: it reads
    /// the page and the journals of other accounts between its lines, not the account's history.</remarks>
    public async Task<IReadOnlyList<Journal>> ReadAccountJournalsPageAsync(
        LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, JournalCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var keys = await AccountKeysAsync(session, entity, account, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return [];
        }

        var values = new List<object?> { ledger.Value };
        var sql = new System.Text.StringBuilder("SELECT j.sequence FROM journals j WHERE j.ledger_id = @p0");
        AppendPageRange(sql, values, session.Dialect, from, to, after is null ? null : (after.Date, "sequence", after.Sequence));
        sql.Append(" AND ").Append(session.Dialect.Lines.JournalHasAccount(keys, values))
            .Append(" ORDER BY j.accounting_date, j.sequence LIMIT ").Append(ParameterNames.Get(values.Count));
        values.Add((long)limit);
        var sequences = await ReadLongsAsync(session, sql.ToString(), values, cancellationToken).ConfigureAwait(false);
        if (sequences.Count == 0)
        {
            return [];
        }

        var journals = await ReadJournalsBySequenceAsync(session, ledger, sequences, cancellationToken).ConfigureAwait(false);
        return [.. journals.OrderBy(j => j.AccountingDate).ThenBy(j => j.Sequence)];
    }

    /// <inheritdoc />
    /// <remarks>Pages of sequences from the journals' date index (the unary plus keeps the planner off the primary key,
    /// which would walk the whole ledger to find a narrow range), each page's journals read whole.</remarks>
    public async IAsyncEnumerable<Journal> ReadDatedJournalsAsync(
        LedgerId ledger, LocalDate? from, LocalDate? to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (from is null && to is null)
        {
            await foreach (var journal in this.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return journal;
            }

            yield break;
        }

        long after = 0;
        while (true)
        {
            List<Journal> page;
            await using (var session = await OpenAsync(cancellationToken).ConfigureAwait(false))
            {
                var sequences = await DatedSequencesAsync(session, ledger, from, to, after, cancellationToken).ConfigureAwait(false);
                if (sequences.Count == 0)
                {
                    yield break;
                }

                page = await ReadJournalsBySequenceAsync(session, ledger, sequences, cancellationToken).ConfigureAwait(false);
                after = sequences[^1];
            }

            foreach (var journal in page)
            {
                yield return journal;
            }
        }
    }

    /// <summary>The next thousand sequences after <paramref name="after"/> of the journals dated in the range.</summary>
    private static async Task<List<long>> DatedSequencesAsync(DbSession session, LedgerId ledger, LocalDate? from, LocalDate? to, long after, CancellationToken cancellationToken)
    {
        var values = new List<object?> { ledger.Value, after };
        var sql = new System.Text.StringBuilder("SELECT sequence FROM journals WHERE ledger_id = @p0 AND +sequence > @p1");
        if (from is { } first)
        {
            sql.Append(" AND accounting_date >= ").Append(ParameterNames.Get(values.Count));
            values.Add(session.Dialect.Date(first));
        }

        if (to is { } last)
        {
            sql.Append(" AND accounting_date <= ").Append(ParameterNames.Get(values.Count));
            values.Add(session.Dialect.Date(last));
        }

        sql.Append(" ORDER BY +sequence LIMIT 1000");
        var sequences = new List<long>();
        var command = session.Command(null, sql.ToString(), [.. values]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    /// <inheritdoc />
    /// <remarks>One statement: the day's journals up to the sequence from the date index, then their lines on the account
    /// by point look-ups in the lines' account index (as a join, SQLite would range over the account's whole history).</remarks>
    public async Task<long> SumAccountDayAsync(LedgerId ledger, EntityId entity, AccountCode account, LocalDate date, long throughSequence, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var keys = await AccountKeysAsync(session, entity, account, cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0)
        {
            return 0;
        }

        var values = new List<object?> { ledger.Value, session.Dialect.Date(date), throughSequence };
        var command = session.Command(null, session.Dialect.Lines.SumAccountDay(keys, values), [.. values]);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(LedgerId ledger, EntityId? entity, LocalDate? asOf, CancellationToken cancellationToken = default)
    {
        await using var session = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<object?> { ledger.Value };
        string sql;
        if (asOf is { } date)
        {
            values.Add(session.Dialect.Date(date));
            sql = "SELECT entity_id, account, unit, CAST(SUM(debit) AS BIGINT), CAST(SUM(credit) AS BIGINT) FROM daily_balances WHERE ledger_id = @p0 AND date <= @p1" +
                (entity is null ? string.Empty : " AND entity_id = @p2") + " GROUP BY entity_id, account, unit";
        }
        else
        {
            sql = "SELECT entity_id, account, unit, debit, credit FROM balances WHERE ledger_id = @p0" + (entity is null ? string.Empty : " AND entity_id = @p1");
        }

        if (entity is { } id)
        {
            values.Add(id.Value);
        }

        var rows = new List<(string Entity, string Account, string Unit, long Debit, long Credit)>();
        var command = session.Command(null, sql, [.. values]);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
            }
        }

        return [.. rows
            .Where(r => r.Debit != 0 || r.Credit != 0)
            .OrderBy(r => r.Entity, StringComparer.Ordinal).ThenBy(r => r.Account, StringComparer.Ordinal).ThenBy(r => r.Unit, StringComparer.Ordinal)
            .Select(r => new AccountBalance(EntityId.From(r.Entity), AccountCode.Parse(r.Account), Currency.FromCode(r.Unit), r.Debit, r.Credit))];
    }

    /// <summary>The ids under which an entity's account is stored in <c>line_accounts</c>: one per unit it was posted in
    /// (in any ledger), none when it has no line.</summary>
    private static async Task<List<long>> AccountKeysAsync(DbSession session, EntityId entity, AccountCode account, CancellationToken cancellationToken)
    {
        var keys = new List<long>(1);
        var command = session.Command(null, "SELECT id FROM line_accounts WHERE entity_id = @p0 AND account = @p1 ORDER BY id", entity.Value, account.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(reader.GetInt64(0));
        }

        return keys;
    }

    /// <summary>Where a page on a date index of the journals (alias <c>j</c>) starts and ends: at the later of the range's
    /// start and the cursor (its date, then <paramref name="after"/>'s column) as one range of the index — a cursor before
    /// the range's start is the range's start — up to the range's end.</summary>
    private static void AppendPageRange(System.Text.StringBuilder sql, List<object?> values, Dialect dialect, LocalDate? from, LocalDate? to,
        (LocalDate Date, string Column, object Value)? after)
    {
        if (after is { } cursor && (from is null || cursor.Date >= from))
        {
            sql.Append(" AND (j.accounting_date, j.").Append(cursor.Column).Append(") > (").Append(ParameterNames.Get(values.Count)).Append(", ")
                .Append(ParameterNames.Get(values.Count + 1)).Append(')');
            values.Add(dialect.Date(cursor.Date));
            values.Add(cursor.Value);
        }
        else if (from is { } first)
        {
            sql.Append(" AND j.accounting_date >= ").Append(ParameterNames.Get(values.Count));
            values.Add(dialect.Date(first));
        }

        if (to is { } last)
        {
            sql.Append(" AND j.accounting_date <= ").Append(ParameterNames.Get(values.Count));
            values.Add(dialect.Date(last));
        }
    }
}
