using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommunityFund.Api.Apis;
using CommunityFund.Api.Tests.Statements;
using NodaTime;

namespace CommunityFund.Api.Tests.Docs;

/// <summary>Generates docs/examples/reconciliation.md — a week of WeChat Pay and Alipay sales reconciled with the
/// channels' bills and the bank statements through the real HTTP stack — and fails when the committed file differs
/// (rewrite it with UPDATE_DOCS=1).</summary>
public sealed partial class ReconciliationExampleDocTests : IDisposable
{
    private const string Ledger = "/ledgers/riverside";
    private readonly ApiApplication _app = new();
    private readonly StringBuilder _text = new();
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private HttpClient _admin = null!;

    public void Dispose() => _app.Dispose();

    private static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    /// <summary>A sale of the week: its label, entity, package, quantity, unit price, channel, day, resident and payment reference.</summary>
    private sealed record WeekSale(string Label, string Provider, string Package, int Quantity, string Price, string Channel, int Day, string Resident, string? Reference);

    private static readonly WeekSale[] Sales =
    [
        new("E1", "elder-care", "elder-meals", 1, "100.00", "weChatPay", 6, "r-0101", "WX-0406-001"),
        new("E2", "elder-care", "elder-meals", 2, "100.00", "weChatPay", 7, "r-0102", "WX-0407-001"),
        new("E3", "elder-care", "elder-meals", 1, "100.00", "weChatPay", 7, "r-0103", null),
        new("E4", "elder-care", "elder-meals", 1, "100.00", "weChatPay", 8, "r-0104", null),
        new("E5", "elder-care", "elder-meals", 1, "100.00", "weChatPay", 8, "r-0104", null),
        new("E6", "elder-care", "elder-meals", 3, "100.00", "weChatPay", 10, "r-0105", "WX-0410-001"),
        new("C1", "cafe", "coffee-class", 1, "38.00", "alipay", 6, "r-0201", "ALI-0406-001"),
        new("C2", "cafe", "coffee-class", 2, "38.00", "alipay", 9, "r-0202", "ALI-0409-001"),
        new("C3", "cafe", "coffee-class", 1, "38.00", "alipay", 11, "r-0203", "ALI-0411-001"),
    ];

    private static StatementEntry Paid(string id, string order, int day, int hour, int minute, decimal amount, decimal fee) =>
        new(id, order, new LocalDateTime(2026, 4, day, hour, minute, 12), Cny(amount), Cny(fee));

    /// <summary>The WeChat Pay bill of the week: E1, E2 by their order numbers, E3 (recorded without one), E4+E5 paid
    /// together, E6, and a payment the books do not have (the foreign payment, settled on the 13th).</summary>
    private static readonly StatementEntry[] WeChat =
    [
        Paid("4200000406000001", "WX-0406-001", 6, 10, 2, 100m, 0.60m),
        Paid("4200000407000001", "WX-0407-001", 7, 9, 41, 200m, 1.20m),
        Paid("4200000407000002", "WX-0407-8812", 7, 18, 40, 100m, 0.60m),
        Paid("4200000408000001", "WX-0408-5530", 8, 11, 5, 200m, 1.20m),
        Paid("4200000410000001", "WX-0410-001", 10, 12, 30, 300m, 1.80m),
        Paid("4200000412000001", "WX-0412-901", 12, 9, 15, 58m, 0.35m),
    ];

    /// <summary>The Alipay bill of the week: C1 and C2; C3 is not in it (the missing payment).</summary>
    private static readonly StatementEntry[] Alipay =
    [
        Paid("2026040622001400001", "ALI-0406-001", 6, 15, 20, 38m, 0.23m),
        Paid("2026040922001400002", "ALI-0409-001", 9, 16, 45, 76m, 0.46m),
    ];

    private static BankEntry Payout(int day, decimal amount, string from, string reference) =>
        new(new LocalDateTime(2026, 4, day, 0, 0), Cny(amount), from, reference, "T+1 结算");

    [Fact]
    public async Task ReconciliationExample_MatchesTheCommittedDocument()
    {
        var markdown = await RenderAsync();
        var path = Path.Combine(TestPaths.RepositoryRoot(), "docs", "examples", "reconciliation.md");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            await System.IO.File.WriteAllTextAsync(path, markdown);
        }

        Assert.True(System.IO.File.Exists(path) && await System.IO.File.ReadAllTextAsync(path) == markdown, $"{path} is stale; run the tests with UPDATE_DOCS=1 and review the diff.");
    }

    private async Task<string> RenderAsync()
    {
        await OpenLedgerAsync();
        Intro();
        await SellAsync();
        Line("## 2. The files as downloaded");
        Line();
        var weChat = StatementFileWriter.WeChatBill(WeChat);
        var alipay = StatementFileWriter.AlipayBill(Alipay);
        var (elderBank, elderMapping) = StatementFileWriter.BankCsv([Payout(7, 99.40m, "财付通支付科技有限公司", "B-0407-01"), Payout(8, 298.20m, "财付通支付科技有限公司", "B-0408-01"),
            Payout(9, 198.80m, "财付通支付科技有限公司", "B-0409-01"), Payout(11, 298.20m, "财付通支付科技有限公司", "B-0411-01")]);
        var (cafeBank, cafeMapping) = StatementFileWriter.BankCsv([Payout(7, 37.77m, "支付宝（中国）网络技术有限公司", "B-0407-77"), Payout(10, 75.54m, "支付宝（中国）网络技术有限公司", "B-0410-77")]);
        ShowFile("The WeChat Pay trade bill (交易账单, bill_type ALL) of `elder-care`, UTF-8 with a byte-order mark, each cell behind a backtick, the summary at the end",
            weChat.Length, Encoding.UTF8.GetString(weChat.AsSpan(3)));
        ShowFile("The Alipay 业务明细 of `cafe`, GBK on disk, shown decoded (each cell ends in a tab; the writer's `#` header lines carry fixed dates)", alipay.Length, StatementFileWriter.Gbk.GetString(alipay).Replace("\t", "\\t", StringComparison.Ordinal));
        ShowFile("The bank statement of `elder-care`'s basic account (UTF-8 CSV; the payouts of WeChat Pay, T+1, net of fees)", elderBank.Length, Encoding.UTF8.GetString(elderBank));
        ShowFile("The bank statement of `cafe`'s account (the Alipay payouts)", cafeBank.Length, Encoding.UTF8.GetString(cafeBank));
        await ImportAsync(weChat, alipay, (elderBank, elderMapping), (cafeBank, cafeMapping));
        await MatchAsync("elder-care", "weChatPay");
        await MatchAsync("cafe", "alipay");
        await ReportAsync();
        await UndoAsync();
        return _text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private void Intro()
    {
        Line("# Worked example: a week reconciled with WeChat Pay, Alipay and the bank");
        Line();
        Line("Generated by `ReconciliationExampleDocTests` (tests/CommunityFund.Api.Tests/Docs) from a real run through the HTTP API on");
        Line("SQLite; the test fails when this file no longer matches (rewrite it with `UPDATE_DOCS=1 ./scripts/test.sh`). The operator");
        Line("opens the books of a community, `riverside` (books from 2026-04-01, Asia/Shanghai), with the hub, the community fund, a");
        Line("民非 elder-care centre (`elder-care`, 民间非营利组织会计制度) taking WeChat Pay and a café (`cafe`, 小企业会计准则) taking");
        Line("Alipay. The week is 2026-04-06 … 04-12. Identifiers the server makes up (sale and journal ids) are shown by their");
        Line("labels (E1, C1, …); `docs/reconciliation.md` describes the file formats and ADR 0017 the decisions.");
        Line();
    }

    private async Task OpenLedgerAsync()
    {
        const string entities = """{"id":"hub","name":"枢纽","kind":"hub","profile":"smeCn"},{"id":"fund","name":"社区基金","kind":"communityFund","profile":"npoCn"},{"id":"elder-care","name":"长者照护中心","kind":"provider","profile":"npoCn"},{"id":"cafe","name":"社区咖啡馆","kind":"provider","profile":"smeCn"}""";
        var opening = $$"""{"id":"riverside","name":"滨江社区 Riverside","booksStart":"2026-04-01","timeZone":"Asia/Shanghai","entities":[{{entities}}]}""";
        var opened = await (await _app.Client(await _app.OperatorKeyAsync()).PostJsonAsync("/ledgers", opening)).JsonAsync();
        _admin = _app.Client(opened.GetProperty("administratorKey").GetProperty("key").GetString());
        foreach (var (id, provider, zh, en, price) in new[] { ("elder-meals", "elder-care", "长者助餐", "Elder meals", "100.00"), ("coffee-class", "cafe", "咖啡技能课", "Coffee skills class", "38.00") })
        {
            var package = $$"""{"id":"{{id}}","provider":"{{provider}}","nameZh":"{{zh}}","nameEn":"{{en}}","sessions":1,"hours":{"amount":"1.00","currency":"HOUR"},"tiers":{"paid":{"price":{"amount":"{{price}}","currency":"CNY"}""" + "}},\"effectiveFrom\":\"2026-04-01\"}";
            await Expect(HttpStatusCode.Created, _admin.PostJsonAsync($"{Ledger}/packages", package));
        }
    }

    private async Task SellAsync()
    {
        Line("## 1. The sales of the week");
        Line();
        Line("Recorded with `POST /ledgers/riverside/sales`; a sale paid through a channel carries the merchant order number it");
        Line("was paid under as `paymentReference` when the till knows it (E3, E4 and E5 were recorded without one). Each sale");
        Line("debits the entity's money-in-transit account of its channel.");
        Line();
        Line("| label | entity | date | package × quantity | total | channel | resident | paymentReference |");
        Line("|---|---|---|---|--:|---|---|---|");
        foreach (var s in Sales)
        {
            var reference = s.Reference is null ? "" : $",\"paymentReference\":\"{s.Reference}\"";
            var body = $$"""{"provider":"{{s.Provider}}","packageId":"{{s.Package}}","tier":"paid","quantity":{{s.Quantity}},"unitPrice":{"amount":"{{s.Price}}","currency":"CNY"},"channel":"{{s.Channel}}","date":"2026-04-{{s.Day:D2}}","residentReference":"{{s.Resident}}"{{reference}}}""";
            var sale = await (await Expect(HttpStatusCode.Created, _admin.PostJsonAsync($"{Ledger}/sales", body))).JsonAsync();
            _labels[sale.GetProperty("id").GetString()!] = s.Label;
            var total = decimal.Parse(s.Price, CultureInfo.InvariantCulture) * s.Quantity;
            Line($"| {s.Label} | {s.Provider} | 2026-04-{s.Day:D2} | {s.Package} × {s.Quantity} | {total.ToString("N2", CultureInfo.InvariantCulture)} | {s.Channel} | {s.Resident} | {s.Reference ?? "—"} |");
        }

        Line();
    }

    private void ShowFile(string caption, int bytes, string text)
    {
        Line($"{caption} ({bytes:N0} bytes):");
        Line();
        Line("```text");
        _text.Append(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        Line("```");
        Line();
    }

    private async Task ImportAsync(byte[] weChat, byte[] alipay, (byte[] Bytes, Imports.Statements.BankColumnMapping Mapping) elderBank, (byte[] Bytes, Imports.Statements.BankColumnMapping Mapping) cafeBank)
    {
        Line("## 3. Importing them");
        Line();
        Line("First a copy of the WeChat Pay bill with its second payment row repeated (as a careless merge of two downloads");
        Line("would). `POST /ledgers/riverside/payment-statements?channel=weChatPay&entity=elder-care` refuses the whole file,");
        Line("with every bad line, and imports nothing:");
        Line();
        var duplicated = await _admin.PostAsync($"{Ledger}/payment-statements?channel=weChatPay&entity=elder-care", Body(StatementFileWriter.WeChatBill(WeChat, new StatementFileOptions { DuplicateRow = 1 })));
        Json($"HTTP {(int)duplicated.StatusCode}", await Problem(duplicated));
        Line("Then the four files as downloaded. The bank statements are read with a column mapping saved once per entity");
        Line("(`PUT /ledgers/riverside/entities/{entityId}/bank-statement-mapping`). Each answer (`file` is the file's SHA-256):");
        Line();
        foreach (var (entity, bytes) in new[] { ("elder-care", elderBank), ("cafe", cafeBank) })
        {
            var mapping = JsonSerializer.Serialize(BankMappingDto.FromMapping(bytes.Mapping), JsonOptions);
            await Expect(HttpStatusCode.OK, _admin.PutAsync($"{Ledger}/entities/{entity}/bank-statement-mapping", new StringContent(mapping, Encoding.UTF8, "application/json")));
        }

        Json("The mapping saved for both bank statements", JsonSerializer.Serialize(BankMappingDto.FromMapping(elderBank.Mapping), JsonOptions));
        foreach (var (channel, entity, bytes) in new[] { ("weChatPay", "elder-care", weChat), ("alipay", "cafe", alipay), ("bank", "elder-care", elderBank.Bytes), ("bank", "cafe", cafeBank.Bytes) })
        {
            var answer = await Expect(HttpStatusCode.OK, _admin.PostAsync($"{Ledger}/payment-statements?channel={channel}&entity={entity}", Body(bytes)));
            Json($"`?channel={channel}&entity={entity}` → HTTP 200", await answer.Content.ReadAsStringAsync());
        }

        var again = await Expect(HttpStatusCode.OK, _admin.PostAsync($"{Ledger}/payment-statements?channel=weChatPay&entity=elder-care", Body(weChat)));
        var summary = await again.JsonAsync();
        Line($"Importing the WeChat Pay bill a second time adds nothing (statement rows are keyed by the channel's transaction id):");
        Line($"`added` {summary.GetProperty("added").GetInt32()}, `alreadyThere` {summary.GetProperty("alreadyThere").GetInt32()}.");
        Line();
    }

    private async Task MatchAsync(string entity, string channel)
    {
        Line($"## {(entity == "cafe" ? 5 : 4)}. Matching `{entity}` with {(channel == "alipay" ? "Alipay" : "WeChat Pay")}");
        Line();
        Line($"`POST /ledgers/riverside/payment-matches` with `{{\"entity\":\"{entity}\",\"channel\":\"{channel}\"}}`. The rules run in order —");
        Line("payment reference (the bill's merchant order number), amount and time (a sale's date within ±1,440 minutes of the");
        Line("row's time by default), many sales of one resident on one day paid together, refunds, and last the settlement");
        Line("batches: a bank credit equal to one or more consecutive days of matched rows, net of their fees, settles them and");
        Line("posts a clearing journal.");
        Line();
        var answer = await (await Expect(HttpStatusCode.OK, _admin.PostJsonAsync($"{Ledger}/payment-matches?dryRun=false", $$"""{"entity":"{{entity}}","channel":"{{channel}}"}"""))).JsonAsync();
        Line("For a settlement, `amount` and `fee` are the gross and the fees of the rows it settles; the bank credit is their");
        Line("difference, and the clearing journal moves the gross out of money in transit.");
        Line();
        Line("| rule | statement rows | book | settles | amount | fee | date |");
        Line("|---|---|---|---|--:|--:|---|");
        foreach (var m in answer.GetProperty("matches").EnumerateArray())
        {
            if (m.GetProperty("rows")[0].GetString() == "bank:B-0411-01")
            {
                _settlementOf0411 = m.GetProperty("id").GetString();
            }

            Line($"| {m.GetProperty("rule").GetString()} | {Keys(m, "rows")} | {Keys(m, "book")} | {Keys(m, "settles")} | {Amount(m, "amount")} | {Amount(m, "fee")} | {m.GetProperty("date").GetString()} |");
        }

        Line();
        Line("Left unmatched:");
        Line();
        foreach (var r in answer.GetProperty("unmatchedRows").EnumerateArray())
        {
            Line($"- statement row `{r.GetProperty("key").GetString()}` ({r.GetProperty("kind").GetString()}, {r.GetProperty("time").GetString()}, {Amount(r, "amount")}, fee {Amount(r, "fee")}) — in the bill, not in the books: a foreign payment");
        }

        foreach (var b in answer.GetProperty("unmatchedBook").EnumerateArray())
        {
            Line($"- sale {Label(b.GetProperty("key").GetString()!)} ({b.GetProperty("date").GetString()}, {Amount(b, "amount")}) — in the books, not in the bill: a missing payment");
        }

        if (answer.GetProperty("unmatchedRows").GetArrayLength() + answer.GetProperty("unmatchedBook").GetArrayLength() == 0)
        {
            Line("- nothing");
        }

        Line();
        Line("The clearing journals posted (one per payout):");
        Line();
        foreach (var id in answer.GetProperty("clearings").EnumerateArray())
        {
            var journal = await (await Expect(HttpStatusCode.OK, _admin.GetAsync($"{Ledger}/journals/{id.GetString()}"))).JsonAsync();
            Line($"Journal #{journal.GetProperty("sequence").GetInt64()}, {journal.GetProperty("date").GetString()}, {journal.GetProperty("kind").GetString()}: {journal.GetProperty("memo").GetString()}");
            _clearingOf0411 = journal.GetProperty("date").GetString() == "2026-04-11" ? journal.GetProperty("sequence").GetInt64() : _clearingOf0411;
            Line();
            Line("| entity | account | debit | credit |");
            Line("|---|---|--:|--:|");
            foreach (var l in journal.GetProperty("lines").EnumerateArray())
            {
                var debit = l.GetProperty("side").GetString() == "debit";
                Line($"| {l.GetProperty("entity").GetString()} | {l.GetProperty("account").GetString()} | {(debit ? Amount(l, "amount") : "")} | {(debit ? "" : Amount(l, "amount"))} |");
            }

            Line();
        }
    }

    private async Task ReportAsync()
    {
        Line("## 6. The payment-reconciliation report for the week");
        Line();
        Line("`GET /ledgers/riverside/reports/payment-reconciliation?from=2026-04-06&to=2026-04-12&format=csv` — per entity, channel");
        Line("and day: the in-transit account's movements, the statement rows, what matched, what is unmatched on each side, fees:");
        Line();
        var csv = await (await Expect(HttpStatusCode.OK, _admin.GetAsync($"{Ledger}/reports/payment-reconciliation?from=2026-04-06&to=2026-04-12&format=csv"))).Content.ReadAsStringAsync();
        Line("```csv");
        _text.Append(csv.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal));
        Line("```");
        Line();
        Line("What is still open is what a bookkeeper follows up: the foreign payment of 58.00 on 04-12 (whose payout, due on the");
        Line("13th, is not in this statement) — the audit warns `reconciliation.rows_unmatched` once a row has stood unmatched for");
        Line("more than 7 days — and the missing Alipay payment of C3, whose 38.00 stays in money in transit (1012.02) until it is");
        Line("found or corrected; the audit warns `reconciliation.in_transit_stale` after 30 days. What the rules cannot pair is");
        Line("matched by hand with `POST …/payment-matches/manual` (statement rows, sales and a reason).");
        Line();
    }

    /// <summary>Unmatches the payout of 04-11 and matches again.</summary>
    private async Task UndoAsync()
    {
        Line("## 7. Undoing a settlement");
        Line();
        Line("Say the payout of 04-11 (`bank:B-0411-01`) was matched against the wrong day. `POST …/payment-matches/{matchId}/unmatch`");
        Line("with `{\"reason\":\"payout re-checked against the bank's advice\"}` marks the match undone (who, when, why) and, in the same");
        Line("command, posts the opposite of its clearing journal — a new `clearing` journal linked by `sourceReference`");
        Line("`clearing-reversal:{original}`, not a kernel reversal (ADR 0017 says why):");
        Line();
        var unmatched = await (await Expect(HttpStatusCode.OK, _admin.PostJsonAsync($"{Ledger}/payment-matches/{_settlementOf0411}/unmatch", """{"reason":"payout re-checked against the bank's advice"}"""))).JsonAsync();
        var reversal = await (await Expect(HttpStatusCode.OK, _admin.GetAsync($"{Ledger}/journals/{unmatched.GetProperty("reversal").GetString()}"))).JsonAsync();
        Line($"Journal #{reversal.GetProperty("sequence").GetInt64()}, {reversal.GetProperty("kind").GetString()}, sourceReference `clearing-reversal:{{journal #{_clearingOf0411}}}`:");
        Line();
        Line("| entity | account | debit | credit |");
        Line("|---|---|--:|--:|");
        foreach (var l in reversal.GetProperty("lines").EnumerateArray())
        {
            var debit = l.GetProperty("side").GetString() == "debit";
            Line($"| {l.GetProperty("entity").GetString()} | {l.GetProperty("account").GetString()} | {(debit ? Amount(l, "amount") : "")} | {(debit ? "" : Amount(l, "amount"))} |");
        }

        Line();
        Assert.StartsWith("clearing-reversal:", reversal.GetProperty("sourceReference").GetString(), StringComparison.Ordinal);
        var again = await (await Expect(HttpStatusCode.OK, _admin.PostJsonAsync($"{Ledger}/payment-matches?dryRun=false", """{"entity":"elder-care","channel":"weChatPay"}"""))).JsonAsync();
        var settlements = again.GetProperty("matches").EnumerateArray().Select(m => $"{m.GetProperty("rule").GetString()} of {Keys(m, "rows")}, {Amount(m, "amount")} less {Amount(m, "fee")}").ToList();
        Line("Matching again finds the payout open and settles it afresh —");
        Line($"{string.Join("; ", settlements)} — posting {again.GetProperty("clearings").GetArrayLength()} new clearing journal;");
        Line("the foreign payment stays open.");
    }

    private string? _settlementOf0411;

    private long _clearingOf0411;

    private string Keys(JsonElement match, string property)
    {
        var keys = match.GetProperty(property).EnumerateArray().Select(k => Label(k.GetString()!)).ToList();
        return keys.Count == 0 ? "" : string.Join(", ", keys);
    }

    private string Label(string key) => key.StartsWith("sale:", StringComparison.Ordinal) && _labels.TryGetValue(key[5..], out var label) ? label : $"`{key}`";

    private static string Amount(JsonElement element, string property) => element.GetProperty(property).GetProperty("amount").GetString()!;

    private static async Task<string> Problem(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var kept = problem.RootElement.EnumerateObject().Where(p => p.Name is not ("traceId" or "instance" or "requestId")).ToDictionary(p => p.Name, p => p.Value);
        return JsonSerializer.Serialize(kept);
    }

    private void Json(string caption, string json)
    {
        using var document = JsonDocument.Parse(json);
        var pretty = JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Line(caption + ":");
        Line();
        Line("```json");
        Line(Guids().Replace(pretty, "…"));
        Line("```");
        Line();
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();

    private static HttpContent Body(byte[] bytes) => new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } };

    private static async Task<HttpResponseMessage> Expect(HttpStatusCode status, Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private void Line(string text = "") => _text.Append(text).Append('\n');

    private static readonly JsonSerializerOptions JsonOptions = Configured();

    private static JsonSerializerOptions Configured()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Composition.Configure(options);
        return options;
    }
}
