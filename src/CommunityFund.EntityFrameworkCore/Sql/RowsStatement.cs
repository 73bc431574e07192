using System.Data.Common;
using System.Text;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Rows for one table, written on PostgreSQL as one <c>INSERT … SELECT … FROM unnest(…)</c> of typed arrays
/// (<see cref="ArrayStatement"/>, ADR 0037; large <c>VALUES</c> chunks for values it cannot type); on SQLite as small
/// multi-row <c>INSERT … VALUES (…), (…)</c> statements (in process there are no round trips, and the provider's
/// binding by name costs time linear in a statement's parameter count, per parameter), whose few distinct texts the
/// pooled connection keeps prepared — and steps on its own handle with the values bound by position
/// (<see cref="SqliteDirectStatement"/>).
/// </summary>
internal sealed class RowsStatement(string table, string[] columns, string suffix = "")
{
    private readonly List<object?> _values = [];
    private string? _columnList;
    private string? _columnKey;

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

    /// <summary>The statements that write the rows, each with its values (none when there are no rows): on PostgreSQL one
    /// statement of arrays (<see cref="ArrayStatement"/>) when every column's values are of one type it maps.</summary>
    internal IEnumerable<(string Text, object?[] Values)> Statements(Dialect dialect)
    {
        if (!dialect.IsSqlite && _values.Count > 0 && ArrayStatement() is { } arrays)
        {
            yield return arrays;
            yield break;
        }

        var rows = _values.Count / columns.Length;
        var rowsPerStatement = Math.Max(1, (dialect.IsSqlite ? 100 : 2_000) / columns.Length);
        for (var start = 0; start < rows; start += rowsPerStatement)
        {
            var count = Math.Min(rowsPerStatement, rows - start);
            yield return (Text(count), _values.GetRange(start * columns.Length, count * columns.Length).ToArray());
        }
    }

    /// <summary>
    /// The rows as one <c>INSERT … SELECT … FROM unnest(@p0, @p1, …)</c> with a typed array per column (issue 20, ADR
    /// 0037): one text whatever the number of rows, so PostgreSQL parses and plans it once per connection (the driver
    /// prepares it), and a handful of parameters instead of one per value. A column with only nulls is written as
    /// <c>NULL</c> (no array type to give it); a column whose values are of several CLR types, or of one this does not
    /// map, makes it <c>null</c>, and the rows are written as <c>VALUES</c> lists as before.
    /// </summary>
    internal (string Text, object?[] Values)? ArrayStatement()
    {
        if (columns.Length > 64)
        {
            return null;
        }

        var rows = _values.Count / columns.Length;
        var arrays = new List<object?>(columns.Length);
        var nulls = 0UL;
        for (var c = 0; c < columns.Length; c++)
        {
            var type = ColumnType(c, rows);
            if (type == typeof(DBNull))
            {
                nulls |= 1UL << c;
                continue;
            }

            if (type is null || ColumnArray(type, c, rows) is not { } array)
            {
                return null;
            }

            arrays.Add(array);
        }

        return (ArrayTexts.GetOrAdd((table, ColumnKey, suffix, nulls), _ => BuildArrayText(nulls)), [.. arrays]);
    }

    /// <summary>The one CLR type of column <paramref name="column"/>'s non-null values; <see cref="DBNull"/> when all are
    /// null; <c>null</c> when they are of several types.</summary>
    private Type? ColumnType(int column, int rows)
    {
        Type? type = null;
        for (var r = 0; r < rows; r++)
        {
            var value = _values[(r * columns.Length) + column];
            if (value is null || value is DBNull)
            {
                continue;
            }

            if (type is not null && type != value.GetType())
            {
                return null;
            }

            type = value.GetType();
        }

        return type ?? typeof(DBNull);
    }

    /// <summary>Column <paramref name="column"/> as an array of <paramref name="type"/> (nullable), or <c>null</c> for a
    /// type without an array mapping here.</summary>
    private object? ColumnArray(Type type, int column, int rows) => type switch
    {
        _ when type == typeof(long) => Structs<long>(column, rows),
        _ when type == typeof(int) => Structs<int>(column, rows),
        _ when type == typeof(short) => Structs<short>(column, rows),
        _ when type == typeof(Guid) => Structs<Guid>(column, rows),
        _ when type == typeof(DateOnly) => Structs<DateOnly>(column, rows),
        _ when type == typeof(DateTime) => Structs<DateTime>(column, rows),
        _ when type == typeof(string) => Objects<string>(column, rows),
        _ when type == typeof(byte[]) => Objects<byte[]>(column, rows),
        _ => null,
    };

    private T?[] Structs<T>(int column, int rows)
        where T : struct
    {
        var array = new T?[rows];
        for (var r = 0; r < rows; r++)
        {
            array[r] = _values[(r * columns.Length) + column] is T value ? value : null;
        }

        return array;
    }

    private T?[] Objects<T>(int column, int rows)
        where T : class
    {
        var array = new T?[rows];
        for (var r = 0; r < rows; r++)
        {
            array[r] = _values[(r * columns.Length) + column] as T;
        }

        return array;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Table, string Columns, string Suffix, ulong Nulls), string> ArrayTexts = new();

    /// <summary>The columns' names: a column given as <c>name::type</c> is written from a value cast to the type (an array
    /// of arrays cannot be one parameter, so a row's array comes as its text; ADR 0038).</summary>
    private string ColumnList => _columnList ??= string.Join(", ", columns.Select(c => c.Split("::")[0]));

    /// <summary>The columns as given (with their casts): the key of the statements' texts with the table's name.</summary>
    private string ColumnKey => _columnKey ??= string.Join(",", columns);

    /// <summary>The cast a column given as <c>name::type</c> takes its values through (<c>::type</c>), or nothing.</summary>
    private static string Cast(string column) => column.IndexOf("::", StringComparison.Ordinal) is var at and >= 0 ? column[at..] : string.Empty;

    private string BuildArrayText(ulong nulls)
    {
        var selected = new List<string>(columns.Length);
        var arrays = new List<string>(columns.Length);
        var names = new List<string>(columns.Length);
        for (var c = 0; c < columns.Length; c++)
        {
            if ((nulls & (1UL << c)) != 0)
            {
                selected.Add("NULL");
                continue;
            }

            names.Add("u" + c.ToString(System.Globalization.CultureInfo.InvariantCulture));
            selected.Add(names[^1] + Cast(columns[c]));
            arrays.Add(ParameterNames.Get(arrays.Count));
        }

        return $"INSERT INTO {table} ({ColumnList}) SELECT {string.Join(", ", selected)} FROM unnest({string.Join(", ", arrays)}) AS u({string.Join(", ", names)}){suffix}";
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Table, string Columns, string Suffix, int Rows), string> Texts = new();

    private string Text(int rows) => Texts.GetOrAdd((table, ColumnKey, suffix, rows), _ => BuildText(rows));

    private string BuildText(int rows)
    {
        var text = new StringBuilder(64 + (rows * columns.Length * 6))
            .Append("INSERT INTO ").Append(table).Append(" (").Append(ColumnList).Append(") VALUES ");
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                text.Append(c == 0 ? string.Empty : ", ").Append(ParameterNames.Get((r * columns.Length) + c)).Append(Cast(columns[c]));
            }

            text.Append(')');
        }

        return text.Append(suffix).ToString();
    }
}
