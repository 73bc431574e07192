using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>A statement file's header row: each column's position by name (trimmed; half-width and full-width
/// parentheses are the same), and a row's cells read by column name with the WeChat Pay backtick removed.</summary>
internal sealed class StatementHeader
{
    /// <summary>The bills' time: China Standard Time as <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    internal static readonly LocalDateTimePattern BillTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss");

    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    /// <summary>Indexes a header.</summary>
    /// <param name="line">Its line.</param>
    /// <param name="cells">Its cells.</param>
    internal StatementHeader(int line, IReadOnlyList<string> cells)
    {
        Line = line;
        Count = cells.Count;
        for (var i = 0; i < cells.Count; i++)
        {
            _positions.TryAdd(Normalise(cells[i]), i);
        }
    }

    /// <summary>The header's line.</summary>
    internal int Line { get; }

    /// <summary>How many columns it has.</summary>
    internal int Count { get; }

    /// <summary>Whether the header has a column.</summary>
    /// <param name="name">The column.</param>
    /// <returns>Whether it has.</returns>
    internal bool Has(string name) => _positions.ContainsKey(Normalise(name));

    /// <summary>Records a problem for each required column the header lacks.</summary>
    /// <param name="context">Where problems go.</param>
    /// <param name="names">The required columns.</param>
    /// <returns>Whether all are there.</returns>
    internal bool Require(StatementContext context, params string[] names)
    {
        var missing = names.Where(n => !Has(n)).ToList();
        foreach (var name in missing)
        {
            context.Add(Line, name, StatementErrorCodes.Malformed, $"The header (line {Line}) has no column '{name}'.");
        }

        return missing.Count == 0;
    }

    /// <summary>A row's cell by column name: trimmed, a leading backtick removed, <c>null</c> when blank or absent.</summary>
    /// <param name="cells">The row.</param>
    /// <param name="name">The column.</param>
    /// <returns>The value.</returns>
    internal string? Cell(IReadOnlyList<string> cells, string name)
    {
        if (!_positions.TryGetValue(Normalise(name), out var i) || i >= cells.Count)
        {
            return null;
        }

        var value = cells[i].Trim();
        value = value.StartsWith('`') ? value[1..].Trim() : value;
        return value.Length == 0 ? null : value;
    }

    /// <summary>Reads a bill's time cell, recording a problem when it is not one.</summary>
    /// <param name="context">Where problems go.</param>
    /// <param name="line">The line.</param>
    /// <param name="cells">The row.</param>
    /// <param name="name">The column.</param>
    /// <returns>The time, or <c>null</c>.</returns>
    internal LocalDateTime? Time(StatementContext context, int line, IReadOnlyList<string> cells, string name)
    {
        var text = Cell(cells, name);
        var result = BillTime.Parse(text ?? string.Empty);
        if (result.Success)
        {
            return result.Value;
        }

        context.Add(line, name, StatementErrorCodes.Malformed, $"'{text}' is not a time as yyyy-MM-dd HH:mm:ss.");
        return null;
    }

    /// <summary>Checks a row has as many cells as the header, recording a problem when not.</summary>
    /// <param name="context">Where problems go.</param>
    /// <param name="line">The line.</param>
    /// <param name="cells">The row.</param>
    /// <returns>Whether it has.</returns>
    internal bool Fits(StatementContext context, int line, IReadOnlyList<string> cells)
    {
        // A trailing comma after the last column is tolerated (the bills end their rows with one).
        if (cells.Count == Count || (cells.Count == Count + 1 && cells[^1].Length == 0))
        {
            return true;
        }

        context.Add(line, null, StatementErrorCodes.Malformed, string.Create(CultureInfo.InvariantCulture, $"The row has {cells.Count} columns; the header (line {Line}) has {Count}."));
        return false;
    }

    private static string Normalise(string name) => name.Trim().TrimStart('\uFEFF').TrimStart('`').Replace('(', '（').Replace(')', '）');
}
