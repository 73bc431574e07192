using CommunityFund.Reports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityFund.Api.Apis;

/// <summary>A prescribed statement as an XLSX workbook laid out like the official form: the title (with the form's code
/// at the right), the 编制单位 / date / 单位：元 line, the header row(s), then every row with its 行次; amounts are numbers
/// formatted <c>#,##0.00</c>. Written with DocumentFormat.OpenXml.</summary>
internal static class StatementWorkbook
{
    /// <summary>The media type of an XLSX file.</summary>
    internal const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const uint AmountStyle = 1;
    private const uint BoldStyle = 2;

    /// <summary>Writes the workbook.</summary>
    internal static byte[] Write(PrescribedStatement statement)
    {
        var layout = statement.Layout;
        var last = layout.Columns.Length + 1;
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var merges = new MergeCells();
            data.Append(Row(1, (0, layout.TitleZh, BoldStyle), (last, layout.Code, 0)));
            merges.Append(new MergeCell { Reference = $"A1:{Column(last - 1)}1" });
            // The date goes over the first amount column, or over 行次 when the form has a single amount column (会民非03表).
            data.Append(Row(2, (0, $"编制单位：{statement.EntityName}", 0), (last > 2 ? 2 : 1, statement.DateZh, 0), (last, PrescribedStatement.UnitZh, 0)));
            var next = Header(data, merges, layout);
            foreach (var line in statement.Lines)
            {
                var row = Row(next++, (0, new string('　', line.Row.Indent) + line.Row.NameZh, line.Row.Kind is PrescribedRowKind.Heading or PrescribedRowKind.Total ? BoldStyle : 0));
                if (line.Row.Number is { } number && line.Row.Kind != PrescribedRowKind.Heading)
                {
                    row.Append(Number(Reference(1, row.RowIndex!), number, 0));
                }

                for (var i = 0; i < line.Amounts.Length; i++)
                {
                    row.Append(Number(Reference(i + 2, row.RowIndex!), line.Amounts[i].ToDecimal(), AmountStyle));
                }

                data.Append(row);
            }

            sheet.Worksheet = new Worksheet(
                new Columns(new Column { Min = 1, Max = 1, Width = 44, CustomWidth = true }, new Column { Min = 2, Max = 2, Width = 6, CustomWidth = true },
                    new Column { Min = 3, Max = (uint)(last + 1), Width = 16, CustomWidth = true }),
                data, merges);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = layout.TitleZh }));
        }

        return stream.ToArray();
    }

    /// <summary>The cell reference of a zero-based column and a row, such as <c>C5</c>.</summary>
    internal static string Reference(int column, uint row) => $"{Column(column)}{row}";

    private static uint Header(SheetData data, MergeCells merges, PrescribedLayout layout)
    {
        var columns = layout.Columns;
        if (!layout.HasColumnGroups)
        {
            data.Append(Row(3, [(0, "项目", BoldStyle), (1, "行次", BoldStyle), .. columns.Select((c, i) => (i + 2, c.NameZh, BoldStyle))]));
            return 4;
        }

        var groups = columns.Select((c, i) => (c, i)).GroupBy(x => x.c.GroupZh).Select(g => (g.First().i + 2, g.Key!, BoldStyle)).ToArray();
        data.Append(Row(3, [(0, "项目", BoldStyle), (1, "行次", BoldStyle), .. groups]));
        data.Append(Row(4, [.. columns.Select((c, i) => (i + 2, c.NameZh, BoldStyle))]));
        merges.Append(new MergeCell { Reference = "A3:A4" }, new MergeCell { Reference = "B3:B4" });
        foreach (var group in columns.Select((c, i) => (c, i)).GroupBy(x => x.c.GroupZh))
        {
            merges.Append(new MergeCell { Reference = $"{Reference(group.First().i + 2, 3)}:{Reference(group.Last().i + 2, 3)}" });
        }

        return 5;
    }

    private static Row Row(uint index, params (int Column, string Text, uint Style)[] cells)
    {
        var row = new Row { RowIndex = index };
        foreach (var (column, text, style) in cells)
        {
            row.Append(new Cell { CellReference = Reference(column, index), DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)), StyleIndex = style });
        }

        return row;
    }

    private static Cell Number(string reference, decimal value, uint style) =>
        new() { CellReference = reference, CellValue = new CellValue(value), DataType = CellValues.Number, StyleIndex = style };

    private static string Column(int index) => ((char)('A' + index)).ToString();

    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
        new Borders(new Border()),
        new CellStyleFormats(new CellFormat()),
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }));
}
