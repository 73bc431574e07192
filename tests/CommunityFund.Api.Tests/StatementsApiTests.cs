using System.Globalization;
using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityFund.Api.Tests;

/// <summary>The statements in the official formats through the real HTTP stack (ADR 0016): JSON with
/// <c>…/prescribed</c> in JSON, CSV, XLSX opened with the library, HTML; the account-per-line routes stay as they were.</summary>
public sealed class StatementsApiTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    private HttpClient Trustee => _app.Client(ApiApplication.Trustee);

    [Fact]
    public async Task Prescribed_FundBalanceSheet_Json_HasEveryRowWithItsLineNumber_AndBalances()
    {
        var sheet = await (await Trustee.GetAsync("/ledgers/demo/entities/fund/statements/financial-position/prescribed?asOf=2026-12-31")).JsonAsync();

        Assert.Equal("会民非01表", sheet.GetProperty("code").GetString());
        Assert.Equal("2026年12月31日", sheet.GetProperty("dateZh").GetString());
        Assert.Equal("单位：元", sheet.GetProperty("unit").GetString());
        var rows = sheet.GetProperty("rows").EnumerateArray().ToList();
        string Amount(int line, int column) => rows.Single(r => r.GetProperty("lineNo").ValueKind == System.Text.Json.JsonValueKind.Number && r.GetProperty("lineNo").GetInt32() == line)
            .GetProperty("amounts")[column].GetProperty("amount").GetString()!;
        Assert.Equal(Amount(60, 1), Amount(120, 1));
        Assert.Equal("0.00", Amount(15, 1));
        Assert.Contains(rows, r => r.GetProperty("nameZh").GetString() == "应付款项");
    }

    [Fact]
    public async Task Default_FinancialPosition_KeepsTheAccountPerLineShape()
    {
        var position = await (await Trustee.GetAsync("/ledgers/demo/entities/fund/statements/financial-position?asOf=2026-12-31")).JsonAsync();

        Assert.True(position.GetProperty("balances").GetBoolean());
    }

    [Fact]
    public async Task Prescribed_HubIncome_Csv_IsUtf8WithABom_AndListsTheOfficialRows()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/hub/statements/income/prescribed?to=2026-03-31&format=csv");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line_no,item_zh,item_en,kind,year,month", lines[0]);
        Assert.Equal(Enumerable.Range(1, 32).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.StartsWith("20,加：投资收益（损失以“-”号填列）,", lines[20], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prescribed_FundActivities_Xlsx_OpensWithTheLibrary_LaidOutLikeTheForm()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/fund/statements/activities/prescribed?to=2026-12-31&format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        var cells = part.Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, c => c.InnerText);
        Assert.Equal("业务活动表", cells["A1"]);
        Assert.Equal("会民非02表", cells["H1"]);
        Assert.StartsWith("编制单位：社区基金", cells["A2"], StringComparison.Ordinal);
        Assert.Equal("单位：元", cells["H2"]);
        Assert.Equal(("项目", "行次", "本月数", "本年累计数"), (cells["A3"], cells["B3"], cells["C3"], cells["F3"]));
        Assert.Equal(("非限定性", "限定性", "合计"), (cells["C4"], cells["D4"], cells["E4"]));
        Assert.Equal("一、收入", cells["A5"]);
        Assert.Equal("1", cells["B6"]);
        Assert.EndsWith("其中：捐赠收入", cells["A6"], StringComparison.Ordinal);
        var change = part.Worksheet.Descendants<Row>().Last();
        Assert.Equal("45", change.Elements<Cell>().ElementAt(1).InnerText);
        Assert.Equal(decimal.Parse(cells[$"F{change.RowIndex}"], System.Globalization.CultureInfo.InvariantCulture) + decimal.Parse(cells[$"G{change.RowIndex}"], System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(cells[$"H{change.RowIndex}"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Prescribed_CafeBalanceSheet_Html_IsAPrintablePageWithEveryRow()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/cafe/statements/balance-sheet/prescribed?asOf=2026-12-31&format=html");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("@page{size:A4", html, StringComparison.Ordinal);
        Assert.Contains("会小企01表", html, StringComparison.Ordinal);
        Assert.Contains("Balance sheet", html, StringComparison.Ordinal);
        Assert.Contains("编制单位", html, StringComparison.Ordinal);
        foreach (var label in new[] { "货币资金", "未分配利润", "负债和所有者权益（或股东权益）总计", "生产性生物资产" })
        {
            Assert.Contains(label, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Prescribed_FundCashFlow_Xlsx_OpensWithTheLibrary_LaidOutLikeTheForm_AndItsNetIncreaseAddsUp()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/fund/statements/cash-flow/prescribed?to=2026-12-31&format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var part = document.WorkbookPart!.WorksheetParts.Single();
        var cells = part.Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, c => c.InnerText);
        Assert.Equal(("现金流量表", "会民非03表", "单位：元"), (cells["A1"], cells["C1"], cells["C2"]));
        Assert.StartsWith("编制单位：社区基金", cells["A2"], StringComparison.Ordinal);
        Assert.Equal("2026年12月", cells["B2"]);
        Assert.Equal(("项目", "行次", "金额"), (cells["A3"], cells["B3"], cells["C3"]));
        Assert.Equal("一、业务活动产生的现金流量：", cells["A4"]);
        Assert.Equal("1", cells["B5"]);
        Assert.EndsWith("接受捐赠收到的现金", cells["A5"], StringComparison.Ordinal);
        var byLine = part.Worksheet.Descendants<Row>().Where(r => r.RowIndex! > 3 && r.Elements<Cell>().Count() == 3 && r.Elements<Cell>().ElementAt(1).InnerText.Length > 0)
            .ToDictionary(r => int.Parse(r.Elements<Cell>().ElementAt(1).InnerText, CultureInfo.InvariantCulture), r => decimal.Parse(r.Elements<Cell>().ElementAt(2).InnerText, CultureInfo.InvariantCulture));
        Assert.Equal(61, byLine.Keys.Max());
        Assert.True(byLine[1] > 0m);
        Assert.Equal(byLine[24] + byLine[44] + byLine[59] + byLine[60], byLine[61]);
    }

    [Fact]
    public async Task Prescribed_HubCashFlow_EndsWithTheCashOnItsBalanceSheet()
    {
        var flows = await (await Trustee.GetAsync("/ledgers/demo/entities/hub/statements/cash-flow/prescribed?to=2026-12-31")).JsonAsync();
        var sheet = await (await Trustee.GetAsync("/ledgers/demo/entities/hub/statements/balance-sheet/prescribed?asOf=2026-12-31")).JsonAsync();

        Assert.Equal("会小企03表", flows.GetProperty("code").GetString());
        Assert.Equal(Amount(sheet, 1, 0), Amount(flows, 22, 0));
        Assert.Equal(Amount(sheet, 1, 0), Amount(flows, 22, 1));
        Assert.Equal("0.00", flows.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "unclassified").GetProperty("amounts")[0].GetProperty("amount").GetString());
    }

    [Fact]
    public async Task Prescribed_CashFlow_OfAnEntityKeepingMemoAccountsOnly_Is422()
    {
        var response = await Trustee.GetAsync("/ledgers/demo/entities/committee/statements/cash-flow/prescribed?to=2026-12-31");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    private static string Amount(System.Text.Json.JsonElement statement, int line, int column) =>
        statement.GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("lineNo").ValueKind == System.Text.Json.JsonValueKind.Number && r.GetProperty("lineNo").GetInt32() == line)
            .GetProperty("amounts")[column].GetProperty("amount").GetString()!;

    [Fact]
    public async Task AnUnknownFormat_Is400_AndAPrescribedPeriodStatementNeedsTo()
    {
        var format = await Trustee.GetAsync("/ledgers/demo/entities/fund/statements/financial-position/prescribed?asOf=2026-12-31&format=pdf");
        var noDate = await Trustee.GetAsync("/ledgers/demo/entities/hub/statements/income/prescribed");

        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noDate.StatusCode);
    }
}
