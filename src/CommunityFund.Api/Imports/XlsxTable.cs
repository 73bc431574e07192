using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityFund.Api.Imports;

/// <summary>
/// The first worksheet of an XLSX workbook (with the Open XML SDK), row by row. The body is copied to a temporary file
/// (a workbook is a zip, read from its end), never held in memory; rows are read with the SDK's streaming reader. A
/// number is taken as the exact decimal text the workbook stores (an exponent expanded, never through a double), so
/// <c>1234.5</c> stays <c>1234.5</c> and a stored <c>0.30000000000000004</c> is refused by the amount's check; text,
/// shared and inline strings as they are; booleans as <c>true</c>/<c>false</c>; an error cell as its text
/// (<c>#DIV/0!</c>).
/// </summary>
internal static class XlsxTable
{
    /// <summary>Reads the rows of the first worksheet, at most <paramref name="maxRows"/>.</summary>
    /// <param name="body">The workbook.</param>
    /// <param name="maxRows">The most rows to read.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ImportUnreadableException">The body is not an XLSX workbook with a worksheet.</exception>
    internal static async Task<List<TableRow>> ReadAllAsync(Stream body, int maxRows, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cf-import-{Guid.NewGuid():N}.xlsx");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await body.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        file.Position = 0;
        try
        {
            return Read(file, maxRows, cancellationToken);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException or InvalidOperationException or ArgumentException)
        {
            throw new ImportUnreadableException("The file is not an XLSX workbook with a worksheet: " + ex.Message, ex);
        }
    }

    private static List<TableRow> Read(Stream file, int maxRows, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Open(file, isEditable: false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("It has no workbook.");
        var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("It has no worksheet.");
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id?.Value ?? throw new InvalidDataException("Its first sheet has no part."));
        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var rows = new List<TableRow>();
        using var reader = OpenXmlReader.Create(part);
        while (rows.Count < maxRows && reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.ElementType == typeof(Row) && reader.IsStartElement && reader.LoadCurrentElement() is Row row)
            {
                var line = row.RowIndex?.Value is { } index ? (int)Math.Min(index, int.MaxValue) : rows.Count + 1;
                rows.Add(new TableRow(line, Cells(row, shared)));
            }
        }

        return rows;
    }

    private static string?[] Cells(Row row, string[] shared)
    {
        var cells = new List<string?>();
        foreach (var cell in row.Elements<Cell>())
        {
            var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
            while (cells.Count <= column)
            {
                cells.Add(null);
            }

            cells[column] = Text(cell, shared);
        }

        return [.. cells];
    }

    /// <summary>The zero-based column of a reference such as <c>C12</c>.</summary>
    private static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var letter in reference.TakeWhile(char.IsAsciiLetter))
        {
            column = Math.Min((column * 26) + (char.ToUpperInvariant(letter) - 'A' + 1), 16_384);
        }

        return Math.Max(column - 1, 0);
    }

    private static string? Text(Cell cell, string[] shared)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Length ? shared[i] : null;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "true" : "false";
        }

        if (type is null || type == CellValues.Number)
        {
            return raw is not null && decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number.ToString(CultureInfo.InvariantCulture)
                : raw;
        }

        return raw;
    }
}
