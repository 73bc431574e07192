using System.Globalization;
using System.Text;
using CommunityFund.Ledger;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Where a provider keeps a journal's lines, and the SQL that finds them by account — the one place the two layouts
/// differ (issue 20, ADR 0038). SQLite (<see cref="Table"/>): a row of <c>journal_lines</c> a line, indexed by (ledger,
/// account, sequence). PostgreSQL (<see cref="Arrays"/>): three arrays in the journal's own row — each line's account
/// id, dimension set id and signed amount — with a GIN index on the account ids; <c>journal_lines</c> is a view that
/// unnests them with the table's columns, so the lines are read with the same SQL on both.
/// </summary>
internal abstract class LineLayout
{
    /// <summary>SQLite's: the lines' table.</summary>
    internal static readonly LineLayout Table = new LineTable();

    /// <summary>PostgreSQL's: the lines in the journal's row.</summary>
    internal static readonly LineLayout Arrays = new LineArrays();

    /// <summary>Where the lines are kept in the journal's row, the statements that read the lines of the journals of the
    /// ledger <c>@p0</c> from the sequence <c>@p1</c> to <c>@p2</c> from their arrays (ADR 0040): the accounts they refer
    /// to (<c>id, entity_id, account, unit</c>), the dimension sets (<c>id, json</c>), then the journals (<c>sequence</c>
    /// and the three arrays); <c>null</c> where the lines are rows of their own.</summary>
    internal virtual string? RangeFromArrays => null;

    /// <summary>A line's side and amount from the signed amount its journal's arrays keep (<see cref="LineValues"/>: a
    /// debit positive, a credit negative, never zero).</summary>
    internal static (Side Side, long MinorUnits) Unsigned(long signed) => signed > 0 ? (Side.Debit, signed) : (Side.Credit, checked(-signed));

    /// <summary>The columns of an appended journal's row: <paramref name="journal"/>'s, and the lines' when they are in it.</summary>
    internal abstract string[] JournalColumns(string[] journal);

    /// <summary>The values of <see cref="JournalColumns"/> beyond the journal's own (none when the lines have rows of
    /// their own, <see cref="AddLines"/>).</summary>
    internal abstract object?[] LineValues(Journal journal, Func<JournalLine, long> account, Func<JournalLine, long> set);

    /// <summary>The rows of the lines' own table (none when they are in the journal's row).</summary>
    internal abstract void AddLines(RowsStatement lines, string ledger, Journal journal, Func<JournalLine, long> account, Func<JournalLine, long> set);

    /// <summary>"The journal (alias <c>j</c>) has a line on one of the account ids <paramref name="keys"/>" (ids read from
    /// the database itself; one may be added to <paramref name="values"/> as a parameter).</summary>
    internal abstract string JournalHasAccount(List<long> keys, List<object?> values);

    /// <summary>The start of the sequences of the journals (alias <c>j</c>, in the ledger <c>@p0</c>, after the sequence
    /// <c>@p1</c>) with a line on one of <paramref name="keys"/>, and the column to order them by: a condition on
    /// <c>j.accounting_date</c> may follow.</summary>
    internal abstract (string Select, string OrderBy) AccountSequences(List<long> keys, List<object?> values);

    /// <summary>The signed sum (debits positive) of the lines on <paramref name="keys"/> of the journals of the ledger
    /// <c>@p0</c> dated <c>@p1</c> up to the sequence <c>@p2</c>.</summary>
    internal abstract string SumAccountDay(List<long> keys, List<object?> values);

    /// <summary>Integers read from the database itself, inline, comma-separated.</summary>
    private protected static string Inline(IEnumerable<long> keys) => string.Join(",", keys.Select(k => k.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The rows of the lines' table, which <see cref="AddLines"/> fills when the lines have rows of their own.</summary>
    internal static RowsStatement LineRows() => new("journal_lines", ["ledger_id", "sequence", "line_number", "account_key", "side", "amount_minor", "dimension_set"]);

    private sealed class LineTable : LineLayout
    {

        internal override string[] JournalColumns(string[] journal) => journal;

        internal override object?[] LineValues(Journal journal, Func<JournalLine, long> account, Func<JournalLine, long> set) => [];

        internal override void AddLines(RowsStatement lines, string ledger, Journal journal, Func<JournalLine, long> account, Func<JournalLine, long> set)
        {
            for (var i = 0; i < journal.Lines.Length; i++)
            {
                var line = journal.Lines[i];
                lines.Add(ledger, journal.Sequence, i, account(line), (short)line.Side, line.Amount.MinorUnits, set(line));
            }
        }

        internal override string JournalHasAccount(List<long> keys, List<object?> values) =>
            "EXISTS (SELECT 1 FROM journal_lines l WHERE l.ledger_id = j.ledger_id AND " + KeyCondition(keys, values) + " AND l.sequence = j.sequence)";

        // Driven by the lines' index (a join, not EXISTS, which SQLite would flatten into a scan of the lines by sequence alone).
        internal override (string Select, string OrderBy) AccountSequences(List<long> keys, List<object?> values) =>
            ("SELECT l.sequence FROM journal_lines l JOIN journals j ON j.ledger_id = l.ledger_id AND j.sequence = l.sequence " +
             "WHERE l.ledger_id = @p0 AND " + KeyCondition(keys, values) + " AND l.sequence > @p1", "l.sequence");

        // The day's journals up to the sequence from the date index, then their lines on the account by point look-ups in
        // the lines' account index (as a join, SQLite would range over the account's whole history).
        internal override string SumAccountDay(List<long> keys, List<object?> values) =>
            "SELECT CAST(COALESCE(SUM(CASE WHEN l.side = 1 THEN l.amount_minor ELSE -l.amount_minor END), 0) AS BIGINT) FROM journal_lines l " +
            "WHERE l.ledger_id = @p0 AND " + KeyCondition(keys, values) + " AND l.sequence IN " +
            "(SELECT j.sequence FROM journals j WHERE j.ledger_id = @p0 AND j.accounting_date = @p1 AND j.sequence <= @p2)";

        /// <summary>The lines' condition on their account (alias <c>l</c>): one key as a parameter (added to
        /// <paramref name="values"/>), so the plan is the index's range for that account; several (an account in more
        /// than one unit) inlined.</summary>
        private static string KeyCondition(List<long> keys, List<object?> values)
        {
            if (keys.Count == 1)
            {
                values.Add(keys[0]);
                return "l.account_key = " + ParameterNames.Get(values.Count - 1);
            }

            return "l.account_key IN (" + Inline(keys) + ")";
        }
    }

    private sealed class LineArrays : LineLayout
    {
        private static readonly string[] LineColumns = ["line_accounts::integer[]", "line_sets::integer[]", "line_amounts::bigint[]"];

        private const string Range = "FROM journals WHERE ledger_id = @p0 AND sequence >= @p1 AND sequence <= @p2";

        internal override string RangeFromArrays { get; } =
            "SELECT a.id, a.entity_id, a.account, a.unit FROM line_accounts a WHERE a.id IN (SELECT DISTINCT unnest(line_accounts) " + Range + "); " +
            "SELECT d.id, d.json FROM dimension_sets d WHERE d.id IN (SELECT DISTINCT unnest(line_sets) " + Range + "); " +
            "SELECT sequence, line_accounts, line_sets, line_amounts " + Range;

        internal override string[] JournalColumns(string[] journal) => [.. journal, .. LineColumns];

        /// <summary>The three arrays as text (cast by the statement: an array of arrays cannot be one parameter).</summary>
        internal override object?[] LineValues(Journal journal, Func<JournalLine, long> account, Func<JournalLine, long> set)
        {
            var lines = journal.Lines;
            var accounts = new StringBuilder(2 + (lines.Length * 4)).Append('{');
            var sets = new StringBuilder(2 + (lines.Length * 4)).Append('{');
            var amounts = new StringBuilder(2 + (lines.Length * 8)).Append('{');
            for (var i = 0; i < lines.Length; i++)
            {
                var separator = i == 0 ? string.Empty : ",";
                accounts.Append(separator).Append(account(lines[i]).ToString(CultureInfo.InvariantCulture));
                sets.Append(separator).Append(set(lines[i]).ToString(CultureInfo.InvariantCulture));
                amounts.Append(separator).Append(lines[i].SignedMinorUnits.ToString(CultureInfo.InvariantCulture));
            }

            return [accounts.Append('}').ToString(), sets.Append('}').ToString(), amounts.Append('}').ToString()];
        }

        internal override void AddLines(RowsStatement lines, string ledger, Journal journal, Func<JournalLine, long> account, Func<JournalLine, long> set)
        {
        }

        // Inline, so the planner weighs the account's share of the journals (the arrays' element statistics): a common
        // account is walked on the journals' own order and filtered, a rare one found through the GIN index.
        internal override string JournalHasAccount(List<long> keys, List<object?> values) => "j.line_accounts && '{" + Inline(keys) + "}'::integer[]";

        internal override (string Select, string OrderBy) AccountSequences(List<long> keys, List<object?> values) =>
            ("SELECT j.sequence FROM journals j WHERE j.ledger_id = @p0 AND " + JournalHasAccount(keys, values) + " AND j.sequence > @p1", "j.sequence");

        internal override string SumAccountDay(List<long> keys, List<object?> values) =>
            "SELECT CAST(COALESCE(SUM(l.amount), 0) AS BIGINT) FROM journals j CROSS JOIN LATERAL unnest(j.line_accounts, j.line_amounts) AS l(account_key, amount) " +
            "WHERE j.ledger_id = @p0 AND j.accounting_date = @p1 AND j.sequence <= @p2 AND " + JournalHasAccount(keys, values) + " AND l.account_key IN (" + Inline(keys) + ")";
    }
}
