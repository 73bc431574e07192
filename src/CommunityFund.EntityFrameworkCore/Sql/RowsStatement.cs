using System.Data.Common;
using System.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Rows for one table, written as multi-row <c>INSERT … VALUES (…), (…)</c> statements in chunks: on PostgreSQL large
/// ones (each statement is a round trip); on SQLite small ones (in process there are no round trips, and the provider's
/// binding by name costs time linear in a statement's parameter count, per parameter), whose few distinct texts the
/// pooled connection keeps prepared — and steps on its own handle with the values bound by position
/// (<see cref="SqliteDirectStatement"/>).
/// </summary>
internal sealed class RowsStatement(string table, string[] columns, string suffix = "")
{
    private readonly List<object?> _values = [];

    internal void Add(params object?[] row)
    {
        if (row.Length != columns.Length)
        {
            throw new ArgumentException($"{table} takes {columns.Length} values, not {row.Length}.", nameof(row));
        }

        _values.AddRange(row);
    }

    internal async Task ExecuteAsync(DbSession session, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var (text, values) in Statements(session.Dialect))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!session.TryExecuteDirect(text, values))
            {
                await session.ExecuteAsync(transaction, text, cancellationToken, values).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The statements that write the rows, each with its values (none when there are no rows).</summary>
    internal IEnumerable<(string Text, object?[] Values)> Statements(Dialect dialect)
    {
        var rows = _values.Count / columns.Length;
        var rowsPerStatement = Math.Max(1, (dialect.IsSqlite ? 100 : 2_000) / columns.Length);
        for (var start = 0; start < rows; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows - start);
            yield return (Text(count), _values.GetRange(start * columns.Length, count * columns.Length).ToArray());
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Table, string Suffix, int Rows), string> Texts = new();

    private string Text(int rows) => Texts.GetOrAdd((table, suffix, rows), _ => BuildText(rows));

    private string BuildText(int rows)
    {
        var text = new StringBuilder(64 + (rows * columns.Length * 6))
            .Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                text.Append(c == 0 ? string.Empty : ", ").Append(ParameterNames.Get((r * columns.Length) + c));
            }

            text.Append(')');
        }

        return text.Append(suffix).ToString();
    }
}
