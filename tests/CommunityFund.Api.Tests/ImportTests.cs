using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CommunityFund.Api.Tests;

/// <summary>Opening balances from CSV and XLSX, and past sales imported from a CSV stream, through the real HTTP stack.</summary>
public sealed class ImportTests : IDisposable
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string SalesHeader = "externalReference,provider,packageId,tier,quantity,unitPrice,currency,channel,date,residentReference\n";

    /// <summary>Opening balances of the demo's fund (民非) and hub (小企业); the demo's books start on 2026-01-01.</summary>
    private const string OpeningCsv = """
        entity,account,name,debit,credit,restriction,member
        fund,1002.01,基本存款账户,8000.00,,,
        fund,1701,,300.00,,,resident-17
        fund,2601,受托代理负债,,300.00,,resident-17
        fund,3102,,,2000.00,stairway-repair,
        fund,3101,Unrestricted net assets,,6000.00,,
        hub,1002.01,,1500.50,,,
        hub,3001,实收资本,,1500.50,,
        """;

    private readonly ApiApplication _app = new(new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "10000000" });

    public void Dispose() => _app.Dispose();

    private HttpClient Admin => _app.Client(ApiApplication.Admin);

    private static HttpRequestMessage File(string path, byte[] body, string mediaType, string? key = "auto")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key == "auto" ? Guid.NewGuid().ToString() : key);
        }

        return request;
    }

    private Task<HttpResponseMessage> PostOpeningAsync(string csv, string key = "auto") =>
        Admin.SendAsync(File("/ledgers/demo/opening-balances", Encoding.UTF8.GetBytes(csv), "text/csv", key));

    private Task<HttpResponseMessage> ImportSalesAsync(string csv) =>
        Admin.SendAsync(File("/ledgers/demo/sales/imports", Encoding.UTF8.GetBytes(csv), "text/csv", key: null));

    private async Task<long> HeadAsync() => (await (await Admin.GetAsync("/ledgers/demo/")).JsonAsync()).GetProperty("headSequence").GetInt64();

    private static List<(int Line, string Column, string Code)> Lines(JsonElement problem) =>
        [.. problem.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("line").GetInt32(), l.GetProperty("column").GetString()!, l.GetProperty("code").GetString()!))];

    private static string SaleRow(string reference, int quantity = 1, string date = "2026-04-02", string price = "100.00") =>
        $"{reference},elder-care,elder-meals,paid,{quantity},{price},CNY,weChatPay,{date},r-0100\n";

    [Fact]
    public async Task OpeningBalances_PostOneJournalPerEntity_DatedTheDayBeforeTheBooksStart_AndTheTrialBalanceShowsThem()
    {
        var response = await PostOpeningAsync(OpeningCsv);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var posted = await response.JsonAsync();
        Assert.Equal("2025-12-31", posted.GetProperty("date").GetString());
        var journals = posted.GetProperty("journals").EnumerateArray().ToList();
        Assert.Equal(2, journals.Count);
        Assert.All(journals, j => Assert.Equal(("opening", "2025-12-31"), (j.GetProperty("kind").GetString(), j.GetProperty("date").GetString())));
        var trial = await (await Admin.GetAsync("/ledgers/demo/entities/fund/trial-balance?asOf=2025-12-31")).JsonAsync();
        var rows = trial.GetProperty("sections")[0].GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("account").GetString()!, r => (r.GetProperty("debitBalance").GetProperty("amount").GetString(), r.GetProperty("creditBalance").GetProperty("amount").GetString()));
        Assert.Equal(("8000.00", "0.00"), rows["1002.01"]);
        Assert.Equal(("0.00", "2000.00"), rows["3102"]);
        Assert.True(trial.GetProperty("isBalanced").GetBoolean());
    }

    [Fact]
    public async Task OpeningBalances_PutRestrictionAndMemberOnTheLinesDimensions()
    {
        var journals = (await (await PostOpeningAsync(OpeningCsv)).JsonAsync()).GetProperty("journals");

        var fund = journals.EnumerateArray().Single(j => j.GetProperty("lines")[0].GetProperty("entity").GetString() == "fund").GetProperty("lines");
        Assert.Equal("resident-17", fund[1].GetProperty("dimensions").GetProperty("member").GetString());
        Assert.Equal("stairway-repair", fund[3].GetProperty("dimensions").GetProperty("restriction").GetString());
    }

    [Fact]
    public async Task OpeningBalances_FromXlsx_ArePosted_WithNumericCellsTakenExactly()
    {
        var workbook = Workbook(
            ["主体", "科目编码", "科目名称", "借方", "贷方", "限定", "成员"],
            ["hub", "1002.01", "基本存款账户", 1234.56m, null, null, null],
            ["hub", "3001", null, null, 1234.56m, null, null]);

        var response = await Admin.SendAsync(File("/ledgers/demo/opening-balances", workbook, Xlsx));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var line = (await response.JsonAsync()).GetProperty("journals")[0].GetProperty("lines")[0];
        Assert.Equal("1234.56", line.GetProperty("amount").GetProperty("amount").GetString());
    }

    [Fact]
    public async Task OpeningBalances_XlsxAmountWithMoreThanTwoDecimals_IsRefusedWithItsCell()
    {
        var workbook = Workbook(["entity", "account", "debit", "credit"], ["hub", "1002.01", 0.1d + 0.2d, null], ["hub", "3001", null, 0.305m]);

        var response = await Admin.SendAsync(File("/ledgers/demo/opening-balances", workbook, Xlsx));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([(2, "debit", "opening.amount_invalid"), (3, "credit", "opening.amount_invalid")], Lines(await response.JsonAsync()));
    }

    [Fact]
    public async Task UnbalancedFile_IsRefusedWithItsLineNumbers_AndNothingIsPosted()
    {
        var head = await HeadAsync();

        var response = await PostOpeningAsync(OpeningCsv.Replace("hub,3001,实收资本,,1500.50", "hub,3001,实收资本,,1500.00", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("opening.invalid", problem.GetProperty("code").GetString());
        Assert.Equal([(7, "credit", "journal.unbalanced")], Lines(problem));
        Assert.Contains("lines 7–8", problem.GetProperty("lines")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(head, await HeadAsync());
    }

    [Fact]
    public async Task UnknownAccount_IsRefusedWithItsLineAndColumn_AmongEveryBadLine()
    {
        var csv = OpeningCsv.Replace("hub,1002.01,,1500.50", "hub,9999,,1500.50", StringComparison.Ordinal).Replace("fund,1701,,300.00,,,resident-17", "fund,1701,,300.00,,,", StringComparison.Ordinal);

        var response = await PostOpeningAsync(csv);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([(3, "member", "line.dimension_required"), (7, "account", "account.not_found")], Lines(await response.JsonAsync()));
    }

    [Fact]
    public async Task SecondOpening_ForAnEntity_IsRefusedAsExisting_ButTheSameKeyIsAReplay()
    {
        var first = await PostOpeningAsync(OpeningCsv, "opening-2026");

        var replay = await PostOpeningAsync(OpeningCsv, "opening-2026");
        var second = await PostOpeningAsync(OpeningCsv, "opening-again");

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.JsonAsync()).GetProperty("journals")[0].GetProperty("id").GetString(), (await replay.JsonAsync()).GetProperty("journals")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("opening.exists", await second.CodeAsync());
    }

    [Fact]
    public async Task OpeningHeaderWithoutAColumn_IsRefusedAsTheHeaders()
    {
        var response = await PostOpeningAsync("entity,account,debit\nhub,1002.01,1.00\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([(1, "credit", "import.header_invalid")], Lines(await response.JsonAsync()));
    }

    [Fact]
    public async Task OpeningBalances_InAnotherFormat_Are415()
    {
        var response = await Admin.SendAsync(File("/ledgers/demo/opening-balances", Encoding.UTF8.GetBytes("{}"), "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task SalesImport_ImportsEveryRow_AndAReimportAddsNothing()
    {
        var csv = SalesHeader + string.Concat(Enumerable.Range(1, 20).Select(i => SaleRow($"pos-{i}", quantity: 1 + (i % 3))));

        var first = await (await ImportSalesAsync(csv)).JsonAsync();
        var head = await HeadAsync();
        var again = await (await ImportSalesAsync(csv)).JsonAsync();

        Assert.Equal((20, 0, 0), (first.GetProperty("imported").GetInt32(), first.GetProperty("alreadyThere").GetInt32(), first.GetProperty("refused").GetInt32()));
        Assert.Equal((0, 20, 0), (again.GetProperty("imported").GetInt32(), again.GetProperty("alreadyThere").GetInt32(), again.GetProperty("refused").GetInt32()));
        Assert.Equal(head, await HeadAsync());
    }

    [Fact]
    public async Task SalesImport_KeepsTheGoodRows_AndListsTheBadOnesWithTheirLineNumbers()
    {
        var csv = SalesHeader + SaleRow("ok-1") + SaleRow("bad-quantity", quantity: 0) + "bad-date,elder-care,elder-meals,paid,1,100.00,CNY,weChatPay,2026-02-30,r-1\n"
            + SaleRow("bad-price", price: "1.005") + SaleRow("ok-2") + SaleRow("no-package").Replace("elder-meals", "no-such-package", StringComparison.Ordinal)
            + SaleRow("ok-1", quantity: 2) + SaleRow("ok-3");

        var summary = await (await ImportSalesAsync(csv)).JsonAsync();

        Assert.Equal((3, 0, 5), (summary.GetProperty("imported").GetInt32(), summary.GetProperty("alreadyThere").GetInt32(), summary.GetProperty("refused").GetInt32()));
        Assert.Equal(
            [(3, "quantity", "validation.failed"), (4, "date", "import.value_invalid"), (5, "unitPrice", "import.value_invalid"), (7, "packageId", "package.not_found"), (8, "externalReference", "idempotency.conflict")],
            summary.GetProperty("refusedRows").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("column").GetString()!, r.GetProperty("code").GetString()!)));
    }

    [Fact]
    public async Task SalesImport_WithoutItsColumns_IsRefusedWhole()
    {
        var response = await ImportSalesAsync("provider,packageId\nelder-care,elder-meals\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("import.header_invalid", await response.CodeAsync());
    }

    [Fact]
    public async Task LargeSalesFile_AboveOneMegabyte_ImportsThroughTheStream_WhileANormalEndpointStillRefusesIt()
    {
        var padding = new string('x', 180);
        var csv = new StringBuilder(SalesHeader);
        for (var i = 0; i < 5_000; i++)
        {
            csv.Append(SaleRow($"big-{i}-{padding}", date: $"2026-04-{1 + (i % 28):00}"));
        }

        var body = Encoding.UTF8.GetBytes(csv.ToString());
        var response = await ImportSalesAsync(csv.ToString());
        var normal = await Admin.SendAsync(File("/ledgers/demo/journals", body, "application/json"));

        Assert.True(body.Length > 1_048_576);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5_000, (await response.JsonAsync()).GetProperty("imported").GetInt32());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, normal.StatusCode);
    }

    /// <summary>An XLSX workbook (one worksheet) made with the Open XML SDK: strings as inline strings, decimals as
    /// numbers (a double as the round-trip text a spreadsheet stores, e.g. 0.30000000000000004).</summary>
    private static byte[] Workbook(params object?[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    row.Append(rows[r][c] switch
                    {
                        null => new Cell { CellReference = reference },
                        decimal number => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number) },
                        double number => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number) },
                        var text => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text.ToString()!)) },
                    });
                }

                data.Append(row);
            }

            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "期初余额" }));
        }

        return stream.ToArray();
    }
}
