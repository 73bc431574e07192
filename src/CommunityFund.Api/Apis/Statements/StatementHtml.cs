using System.Globalization;
using System.Net;
using System.Text;
using CommunityFund.Reports;

namespace CommunityFund.Api.Apis;

/// <summary>A prescribed statement as a self-contained, A4-printable HTML page: bilingual headings, the form's code,
/// 编制单位 / date / 单位：元, the header row(s) and every row with its 行次; the CSS is inline.</summary>
internal static class StatementHtml
{
    private const string Style =
        "@page{size:A4;margin:15mm}body{font-family:'Noto Serif CJK SC','Songti SC',SimSun,serif;font-size:10.5pt;color:#000}"
        + "h1{text-align:center;font-size:16pt;margin:0}h2{text-align:center;font-size:10pt;font-weight:normal;margin:2pt 0 8pt}"
        + ".meta{display:flex;justify-content:space-between;margin-bottom:4pt}.code{text-align:right}"
        + "table{width:100%;border-collapse:collapse}th,td{border:0.5pt solid #000;padding:2pt 4pt}th{font-weight:bold;text-align:center}"
        + "td.no{text-align:center;width:3em}td.amt{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
        + "tr.heading td{font-weight:bold}tr.total td{font-weight:bold}.en{display:block;font-size:8pt;color:#444;font-weight:normal}";

    /// <summary>Renders the page.</summary>
    internal static string Render(PrescribedStatement statement)
    {
        var layout = statement.Layout;
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E($"{layout.TitleZh} {statement.EntityName} {statement.DateZh}"))
            .Append("</title><style>").Append(Style).Append("</style></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"code\">{E(layout.Code)}</p><h1>{E(layout.TitleZh)}</h1><h2>{E(layout.TitleEn)}</h2>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"meta\"><span>编制单位 Prepared by：{E(statement.EntityName)}</span><span>{E(statement.DateZh)}</span><span>{E(PrescribedStatement.UnitZh)} (CNY)</span></div>")
            .Append("<table><thead>");
        Header(html, layout);
        html.Append("</thead><tbody>");
        foreach (var line in statement.Lines)
        {
            var kind = line.Row.Kind.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{kind}\"><td style=\"padding-left:{4 + (12 * line.Row.Indent)}pt\">{E(line.Row.NameZh)}<span class=\"en\">{E(line.Row.NameEn)}</span></td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"no\">{line.Row.Number}</td>");
            foreach (var (_, index) in layout.Columns.Select((c, i) => (c, i)))
            {
                html.Append("<td class=\"amt\">").Append(line.Amounts.IsEmpty ? string.Empty : line.Amounts[index].ToAmountString()).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table></body></html>").ToString();
    }

    private static void Header(StringBuilder html, PrescribedLayout layout)
    {
        var span = layout.HasColumnGroups ? " rowspan=\"2\"" : string.Empty;
        html.Append(CultureInfo.InvariantCulture, $"<tr><th{span}>项目<span class=\"en\">Item</span></th><th{span}>行次<span class=\"en\">Line</span></th>");
        if (layout.HasColumnGroups)
        {
            foreach (var group in layout.Columns.GroupBy(c => (c.GroupZh, c.GroupEn)))
            {
                html.Append(CultureInfo.InvariantCulture, $"<th colspan=\"{group.Count()}\">{E(group.Key.GroupZh!)}<span class=\"en\">{E(group.Key.GroupEn!)}</span></th>");
            }

            html.Append("</tr><tr>");
        }

        foreach (var column in layout.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(column.NameZh)}<span class=\"en\">{E(column.NameEn)}</span></th>");
        }

        html.Append("</tr>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
