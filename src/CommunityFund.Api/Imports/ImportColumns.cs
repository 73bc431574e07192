using System.Globalization;

namespace CommunityFund.Api.Imports;

/// <summary>
/// The columns of an import and the header names each may have (English and Chinese, compared ignoring case, spaces,
/// underscores and hyphens). <see cref="Map"/> finds each column in a file's header; a required column missing, an
/// unknown column or one given twice is a problem of line 1.
/// </summary>
/// <param name="columns">Each column's canonical name, whether it is required, and its other names.</param>
internal sealed class ImportColumns(params (string Name, bool Required, string[] Aliases)[] columns)
{
    private readonly Dictionary<string, int> _byName = Index(columns);

    /// <summary>The canonical names, in declaration order (the index of each in a mapped row).</summary>
    internal IReadOnlyList<string> Names { get; } = [.. columns.Select(c => c.Name)];

    /// <summary>For each column, its position in the file's rows (-1 when absent), or the header's problems.</summary>
    /// <param name="header">The header's cells.</param>
    /// <returns>The positions, and the problems (column as written, reason).</returns>
    internal (int[] Positions, List<(string Column, string Reason)> Problems) Map(IReadOnlyList<string?> header)
    {
        var positions = Enumerable.Repeat(-1, columns.Length).ToArray();
        var problems = new List<(string, string)>();
        for (var i = 0; i < header.Count; i++)
        {
            var text = header[i]?.Trim() ?? string.Empty;
            if (text.Length == 0 && i == header.Count - 1)
            {
                continue; // a trailing separator
            }

            if (!_byName.TryGetValue(Normalise(text), out var column))
            {
                problems.Add((text, $"Unknown column '{text}'; the columns are {string.Join(", ", Names)} (or their Chinese names)."));
            }
            else if (positions[column] >= 0)
            {
                problems.Add((text, $"Column '{Names[column]}' is given twice."));
            }
            else
            {
                positions[column] = i;
            }
        }

        for (var c = 0; c < columns.Length; c++)
        {
            if (columns[c].Required && positions[c] < 0)
            {
                problems.Add((columns[c].Name, $"The required column '{columns[c].Name}' is missing."));
            }
        }

        return (positions, problems);
    }

    /// <summary>A row's cells in column order (<c>null</c> for an absent column or a missing cell), blanks as <c>null</c>.</summary>
    /// <param name="positions">The positions from <see cref="Map"/>.</param>
    /// <param name="cells">The row's cells.</param>
    /// <returns>The cells by column.</returns>
    internal static string?[] Cells(int[] positions, IReadOnlyList<string?> cells)
    {
        var values = new string?[positions.Length];
        for (var c = 0; c < positions.Length; c++)
        {
            var text = positions[c] >= 0 && positions[c] < cells.Count ? cells[positions[c]]?.Trim() : null;
            values[c] = string.IsNullOrEmpty(text) ? null : text;
        }

        return values;
    }

    private static Dictionary<string, int> Index((string Name, bool Required, string[] Aliases)[] columns)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Length; c++)
        {
            foreach (var name in columns[c].Aliases.Prepend(columns[c].Name))
            {
                index[Normalise(name)] = c;
            }
        }

        return index;
    }

    private static string Normalise(string name) =>
        new([.. name.Trim().TrimStart('\uFEFF').ToLower(CultureInfo.InvariantCulture).Where(ch => ch is not (' ' or '_' or '-' or '\u3000'))]);
}
