using System.Globalization;

namespace CommunityFund.Reports;

/// <summary>A prescribed statement as CSV (write through a writer made with <see cref="CsvExports.Encoding"/>, UTF-8 with a
/// byte-order mark): one row per row of the form, headings included with empty amounts, zero rows with zeros; columns
/// <c>line_no, item_zh, item_en, kind</c> and one per amount column, named by its key.</summary>
public static class PrescribedStatementCsv
{
    /// <summary>Writes the statement.</summary>
    /// <param name="statement">The statement.</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAsync(PrescribedStatement statement, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(writer);
        await WriteRowAsync(writer, ["line_no", "item_zh", "item_en", "kind", .. statement.Layout.Columns.Select(c => c.Key)]).ConfigureAwait(false);
        foreach (var line in statement.Lines)
        {
            var amounts = line.Amounts.IsEmpty
                ? statement.Layout.Columns.Select(_ => string.Empty)
                : line.Amounts.Select(a => a.ToAmountString());
            await WriteRowAsync(writer,
                [line.Row.Number?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, line.Row.NameZh, line.Row.NameEn, line.Row.Kind.ToString().ToLowerInvariant(), .. amounts]).ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    private static Task WriteRowAsync(TextWriter writer, string[] fields) =>
        writer.WriteAsync(string.Join(',', fields.Select(CsvExports.Field)) + "\r\n");
}
