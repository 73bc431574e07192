using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using static CommunityFund.Reports.PrescribedRestriction;

namespace CommunityFund.Reports;

/// <summary>
/// The official formats as data: each row with its 行次, its label and the accounts (or rows) it adds. Sources and the
/// mapping of our charts are in ADR 0016. An account listed here that a chart lacks reads zero; the row still shows.
/// </summary>
public static partial class PrescribedLayouts
{
    private const Side Dr = Side.Debit;
    private const Side Cr = Side.Credit;

    /// <summary>Every net-asset, revenue and expense account of the 民非 chart: 净资产 includes the surplus not yet closed.</summary>
    private const string NpoNetAssets = "3101 3102 4101 4201 4301 4401 4501 4601 4901 5101 5201 5301 5401";

    /// <summary>未分配利润 of a small enterprise: 本年利润, 利润分配 and the profit not yet closed into 本年利润.</summary>
    private const string SmeRetained = "3103 3104 5001 5051 5111 5301 5401 5402 5403 5601 5602 5603 5711 5801";

    private static readonly string[] InventoryCodes = ["1401", "1402", "1403", "1404", "1405", "1408", "1411", "4001"];

    /// <summary>资产负债表, 会民非01表 (民间非营利组织会计制度, 财会〔2004〕7号).</summary>
    public static PrescribedLayout NpoBalanceSheet { get; } = new(PrescribedForm.NpoBalanceSheet, AccountingProfile.NpoCn, "会民非01表", "资产负债表", "Balance sheet",
        [new("start_of_year", "年初数", "Beginning of year", PrescribedPeriod.StartOfYear), new("end", "期末数", "End of period", PrescribedPeriod.End)],
        [.. NpoAssets(), .. NpoLiabilitiesAndNetAssets()]);

    /// <summary>业务活动表, 会民非02表.</summary>
    public static PrescribedLayout NpoActivities { get; } = new(PrescribedForm.NpoActivities, AccountingProfile.NpoCn, "会民非02表", "业务活动表", "Statement of activities",
        [.. ActivityColumns("month", "本月数", "This month", PrescribedPeriod.Month), .. ActivityColumns("year", "本年累计数", "Year to date", PrescribedPeriod.YearToDate)],
        [.. NpoActivityRows()]);

    /// <summary>资产负债表, 会小企01表 (小企业会计准则, 财会〔2011〕17号).</summary>
    public static PrescribedLayout SmeBalanceSheet { get; } = new(PrescribedForm.SmeBalanceSheet, AccountingProfile.SmeCn, "会小企01表", "资产负债表", "Balance sheet",
        [new("end", "期末余额", "End of period", PrescribedPeriod.End), new("start_of_year", "年初余额", "Beginning of year", PrescribedPeriod.StartOfYear)],
        [.. SmeAssets(), .. SmeLiabilitiesAndEquity()]);

    /// <summary>利润表, 会小企02表 (税金及附加 as renamed by 财会〔2016〕22号).</summary>
    public static PrescribedLayout SmeIncome { get; } = new(PrescribedForm.SmeIncome, AccountingProfile.SmeCn, "会小企02表", "利润表", "Income statement",
        [new("year", "本年累计金额", "Year to date", PrescribedPeriod.YearToDate), new("month", "本月金额", "This month", PrescribedPeriod.Month)],
        [.. SmeIncomeRows()]);

    /// <summary>现金流量表, 会民非03表 (direct method; one 金额 column, here the year to date).</summary>
    public static PrescribedLayout NpoCashFlow { get; } = new(PrescribedForm.NpoCashFlow, AccountingProfile.NpoCn, "会民非03表", "现金流量表", "Cash flow statement",
        [new("year", "金额", "Amount (year to date)", PrescribedPeriod.YearToDate)],
        [.. NpoCashFlowRows()]);

    /// <summary>现金流量表, 会小企03表.</summary>
    public static PrescribedLayout SmeCashFlow { get; } = new(PrescribedForm.SmeCashFlow, AccountingProfile.SmeCn, "会小企03表", "现金流量表", "Cash flow statement",
        [new("year", "本年累计金额", "Year to date", PrescribedPeriod.YearToDate), new("month", "本月金额", "This month", PrescribedPeriod.Month)],
        [.. SmeCashFlowRows()]);

    /// <summary>Every layout.</summary>
    public static ImmutableArray<PrescribedLayout> All { get; } = [NpoBalanceSheet, NpoActivities, SmeBalanceSheet, SmeIncome, NpoCashFlow, SmeCashFlow];

    /// <summary>The layout of a form.</summary>
    /// <param name="form">The form.</param>
    /// <returns>Its layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The form is not defined.</exception>
    public static PrescribedLayout For(PrescribedForm form) =>
        All.FirstOrDefault(l => l.Form == form) ?? throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown prescribed form.");

    private static PrescribedRow[] NpoAssets() =>
    [
        H("资产", "Assets"), H("流动资产：", "Current assets"),
        L(1, "货币资金", "Cash and cash equivalents", Dr, "1001 1002 1009"),
        L(2, "短期投资", "Short-term investments", Dr, "1101 1102"),
        L(3, "应收款项", "Receivables", Dr, "1111 1121 1122 1131"),
        L(4, "预付账款", "Prepayments", Dr, "1141"),
        L(8, "存货", "Inventories", Dr, "1201 1202"),
        L(9, "待摊费用", "Prepaid expenses", Dr, "1301"),
        L(15, "一年内到期的长期债权投资", "Long-term debt investments due within one year", Dr, string.Empty),
        L(18, "其他流动资产", "Other current assets", Dr, string.Empty),
        T(20, "流动资产合计", "Total current assets", "1 2 3 4 8 9 15 18"),
        H("长期投资：", "Long-term investments"),
        L(21, "长期股权投资", "Long-term equity investments", Dr, "1401 1421"),
        L(24, "长期债权投资", "Long-term debt investments", Dr, "1402"),
        T(30, "长期投资合计", "Total long-term investments", "21 24"),
        H("固定资产：", "Fixed assets"),
        L(31, "固定资产原价", "Fixed assets at cost", Dr, "1501"),
        L(32, "减：累计折旧", "Less: accumulated depreciation", Cr, "1502"),
        T(33, "固定资产净值", "Fixed assets, net", "31 -32"),
        L(34, "在建工程", "Construction in progress", Dr, "1505"),
        L(35, "文物文化资产", "Cultural-relic and heritage assets", Dr, "1506"),
        L(38, "固定资产清理", "Fixed asset disposals", Dr, "1509"),
        T(40, "固定资产合计", "Total fixed assets", "33 34 35 38"),
        H("无形资产：", "Intangible assets"),
        L(41, "无形资产", "Intangible assets", Dr, "1601"),
        H("受托代理资产：", "Assets held as agent"),
        L(51, "受托代理资产", "Assets held as agent", Dr, "1701"),
        T(60, "资产总计", "Total assets", "20 30 40 41 51"),
    ];

    private static PrescribedRow[] NpoLiabilitiesAndNetAssets() =>
    [
        H("负债和净资产", "Liabilities and net assets"), H("流动负债：", "Current liabilities"),
        L(61, "短期借款", "Short-term borrowings", Cr, "2101"),
        L(62, "应付款项", "Payables", Cr, "2201 2202 2209"),
        L(63, "应付工资", "Wages payable", Cr, "2204"),
        L(65, "应交税金", "Taxes payable", Cr, "2206"),
        L(66, "预收账款", "Receipts in advance", Cr, "2203"),
        L(71, "预提费用", "Accrued expenses", Cr, "2301"),
        L(72, "预计负债", "Provisions", Cr, "2401"),
        L(74, "一年内到期的长期负债", "Long-term liabilities due within one year", Cr, string.Empty),
        L(78, "其他流动负债", "Other current liabilities", Cr, string.Empty),
        T(80, "流动负债合计", "Total current liabilities", "61 62 63 65 66 71 72 74 78"),
        H("长期负债：", "Long-term liabilities"),
        L(81, "长期借款", "Long-term borrowings", Cr, "2501"),
        L(84, "长期应付款", "Long-term payables", Cr, "2502"),
        L(88, "其他长期负债", "Other long-term liabilities", Cr, string.Empty),
        T(90, "长期负债合计", "Total long-term liabilities", "81 84 88"),
        H("受托代理负债：", "Liabilities for assets held as agent"),
        L(91, "受托代理负债", "Liabilities for assets held as agent", Cr, "2601"),
        T(100, "负债合计", "Total liabilities", "80 90 91"),
        H("净资产：", "Net assets"),
        L(101, "非限定性净资产", "Unrestricted net assets", Cr, NpoNetAssets) with { Restriction = Unrestricted },
        L(105, "限定性净资产", "Restricted net assets", Cr, NpoNetAssets) with { Restriction = Restricted },
        T(110, "净资产合计", "Total net assets", "101 105"),
        T(120, "负债和净资产总计", "Total liabilities and net assets", "100 110"),
    ];

    private static PrescribedRow[] NpoActivityRows() =>
    [
        H("一、收入", "I. Revenue"),
        L(1, "其中：捐赠收入", "of which: donations", Cr, "4101"),
        L(2, "会费收入", "Membership dues", Cr, "4201"),
        L(3, "提供服务收入", "Service revenue", Cr, "4301"),
        L(4, "商品销售收入", "Sales of goods", Cr, "4501"),
        L(5, "政府补助收入", "Government grants", Cr, "4401"),
        L(6, "投资收益", "Investment income", Cr, "4601"),
        L(9, "其他收入", "Other revenue", Cr, "4901"),
        T(11, "收入合计", "Total revenue", "1 2 3 4 5 6 9"),
        H("二、费用", "II. Expenses"),
        L(12, "（一）业务活动成本", "(1) Programme and activity costs", Dr, "5101"),
        D(13, "其中：", "of which: (programme)", Dr), D(14, string.Empty, "(programme)", Dr), D(15, string.Empty, "(programme)", Dr), D(16, string.Empty, "(programme)", Dr),
        L(21, "（二）管理费用", "(2) Management and general expenses", Dr, "5201"),
        L(24, "（三）筹资费用", "(3) Fundraising expenses", Dr, "5301"),
        L(28, "（四）其他费用", "(4) Other expenses", Dr, "5401"),
        T(35, "费用合计", "Total expenses", "12 21 24 28"),
        new(40, "三、限定性净资产转为非限定性净资产", "III. Restricted net assets released to unrestricted", PrescribedRowKind.Release),
        T(45, "四、净资产变动额（若为净资产减少额，以“-”号填列）", "IV. Change in net assets (a decrease with '-')", "11 -35 40"),
    ];

    private static PrescribedRow[] SmeAssets() =>
    [
        H("资产", "Assets"), H("流动资产：", "Current assets"),
        L(1, "货币资金", "Cash and cash equivalents", Dr, "1001 1002 1012"),
        L(2, "短期投资", "Short-term investments", Dr, "1101"),
        L(3, "应收票据", "Notes receivable", Dr, "1121"),
        L(4, "应收账款", "Accounts receivable", Dr, "1122"),
        L(5, "预付账款", "Prepayments", Dr, "1123"),
        L(6, "应收股利", "Dividends receivable", Dr, "1131"),
        L(7, "应收利息", "Interest receivable", Dr, "1132"),
        L(8, "其他应收款", "Other receivables", Dr, "1221"),
        L(9, "存货", "Inventories", Dr, string.Join(' ', InventoryCodes)),
        D(10, "其中：原材料", "of which: raw materials", Dr, "1403"),
        D(11, "在产品", "Work in progress", Dr, "4001"),
        D(12, "库存商品", "Merchandise", Dr, "1405"),
        D(13, "周转材料", "Revolving materials", Dr, "1411"),
        L(14, "其他流动资产", "Other current assets", Dr, string.Empty),
        T(15, "流动资产合计", "Total current assets", "1 2 3 4 5 6 7 8 9 14"),
        H("非流动资产：", "Non-current assets"),
        L(16, "长期债券投资", "Long-term bond investments", Dr, "1501"),
        L(17, "长期股权投资", "Long-term equity investments", Dr, "1511"),
        L(18, "固定资产原价", "Fixed assets at cost", Dr, "1601"),
        L(19, "减：累计折旧", "Less: accumulated depreciation", Cr, "1602"),
        T(20, "固定资产账面价值", "Fixed assets, carrying amount", "18 -19"),
        L(21, "在建工程", "Construction in progress", Dr, "1604"),
        L(22, "工程物资", "Construction materials", Dr, "1605"),
        L(23, "固定资产清理", "Fixed asset disposals", Dr, "1606"),
        L(24, "生产性生物资产", "Productive biological assets", Dr, "1621 1622"),
        L(25, "无形资产", "Intangible assets", Dr, "1701 1702"),
        L(26, "开发支出", "Development expenditure", Dr, "4301"),
        L(27, "长期待摊费用", "Long-term prepaid expenses", Dr, "1801"),
        L(28, "其他非流动资产", "Other non-current assets", Dr, string.Empty),
        T(29, "非流动资产合计", "Total non-current assets", "16 17 20 21 22 23 24 25 26 27 28"),
        T(30, "资产总计", "Total assets", "15 29"),
    ];

    private static PrescribedRow[] SmeLiabilitiesAndEquity() =>
    [
        H("负债和所有者权益（或股东权益）", "Liabilities and owners' equity"), H("流动负债：", "Current liabilities"),
        L(31, "短期借款", "Short-term borrowings", Cr, "2001"),
        L(32, "应付票据", "Notes payable", Cr, "2201"),
        L(33, "应付账款", "Accounts payable", Cr, "2202"),
        L(34, "预收账款", "Receipts in advance", Cr, "2203"),
        L(35, "应付职工薪酬", "Employee compensation payable", Cr, "2211"),
        L(36, "应交税费", "Taxes payable", Cr, "2221"),
        L(37, "应付利息", "Interest payable", Cr, "2231"),
        L(38, "应付利润", "Profit payable", Cr, "2232"),
        L(39, "其他应付款", "Other payables", Cr, "2241"),
        L(40, "其他流动负债", "Other current liabilities", Cr, string.Empty),
        T(41, "流动负债合计", "Total current liabilities", "31 32 33 34 35 36 37 38 39 40"),
        H("非流动负债：", "Non-current liabilities"),
        L(42, "长期借款", "Long-term borrowings", Cr, "2501"),
        L(43, "长期应付款", "Long-term payables", Cr, "2701"),
        L(44, "递延收益", "Deferred income", Cr, "2401"),
        L(45, "其他非流动负债", "Other non-current liabilities", Cr, string.Empty),
        T(46, "非流动负债合计", "Total non-current liabilities", "42 43 44 45"),
        T(47, "负债合计", "Total liabilities", "41 46"),
        H("所有者权益（或股东权益）：", "Owners' equity"),
        L(48, "实收资本（或股本）", "Paid-in capital", Cr, "3001"),
        L(49, "资本公积", "Capital reserve", Cr, "3002"),
        L(50, "盈余公积", "Surplus reserve", Cr, "3101"),
        L(51, "未分配利润", "Retained earnings", Cr, SmeRetained),
        T(52, "所有者权益（或股东权益）合计", "Total owners' equity", "48 49 50 51"),
        T(53, "负债和所有者权益（或股东权益）总计", "Total liabilities and owners' equity", "47 52"),
    ];

    private static PrescribedRow[] SmeIncomeRows() =>
    [
        L(1, "一、营业收入", "I. Operating revenue", Cr, "5001 5051") with { Indent = 0 },
        L(2, "减：营业成本", "Less: operating costs", Dr, "5401 5402"),
        L(3, "税金及附加", "Taxes and surcharges", Dr, "5403"),
        D(4, "其中：消费税", "of which: consumption tax", Dr), D(5, "营业税", "Business tax", Dr), D(6, "城市维护建设税", "Urban maintenance and construction tax", Dr),
        D(7, "资源税", "Resource tax", Dr), D(8, "土地增值税", "Land appreciation tax", Dr),
        D(9, "城镇土地使用税、房产税、车船税、印花税", "Land use, property, vehicle and vessel, and stamp taxes", Dr),
        D(10, "教育费附加、矿产资源补偿费、排污费", "Education surcharge, mineral resource compensation, pollutant discharge fees", Dr),
        L(11, "销售费用", "Selling expenses", Dr, "5601"),
        D(12, "其中：商品维修费", "of which: product repairs", Dr), D(13, "广告费和业务宣传费", "Advertising and promotion", Dr),
        L(14, "管理费用", "Administrative expenses", Dr, "5602"),
        D(15, "其中：开办费", "of which: start-up costs", Dr), D(16, "业务招待费", "Business entertainment", Dr), D(17, "研究费用", "Research costs", Dr),
        L(18, "财务费用", "Finance costs", Dr, "5603"),
        D(19, "其中：利息费用（收入以“-”号填列）", "of which: interest expense (income with '-')", Dr),
        L(20, "加：投资收益（损失以“-”号填列）", "Add: investment income (loss with '-')", Cr, "5111"),
        T(21, "二、营业利润（亏损以“-”号填列）", "II. Operating profit (loss with '-')", "1 -2 -3 -11 -14 -18 20"),
        L(22, "加：营业外收入", "Add: non-operating income", Cr, "5301"),
        D(23, "其中：政府补助", "of which: government grants", Cr),
        L(24, "减：营业外支出", "Less: non-operating expenses", Dr, "5711"),
        D(25, "其中：坏账损失", "of which: bad debts", Dr), D(26, "无法收回的长期债券投资损失", "Unrecoverable long-term bond investments", Dr),
        D(27, "无法收回的长期股权投资损失", "Unrecoverable long-term equity investments", Dr), D(28, "自然灾害等不可抗力因素造成的损失", "Losses from force majeure", Dr),
        D(29, "税收滞纳金", "Tax late-payment surcharges", Dr),
        T(30, "三、利润总额（亏损总额以“-”号填列）", "III. Total profit (loss with '-')", "21 22 -24"),
        L(31, "减：所得税费用", "Less: income tax expense", Dr, "5801"),
        T(32, "四、净利润（净亏损以“-”号填列）", "IV. Net profit (loss with '-')", "30 -31"),
    ];

    private static PrescribedColumn[] ActivityColumns(string key, string zh, string en, PrescribedPeriod period) =>
    [
        new($"{key}_unrestricted", "非限定性", "Unrestricted", period, Unrestricted, zh, en),
        new($"{key}_restricted", "限定性", "Restricted", period, Restricted, zh, en),
        new($"{key}_total", "合计", "Total", period, Any, zh, en),
    ];

    private static PrescribedRow H(string zh, string en) => new(null, zh, en, PrescribedRowKind.Heading);

    private static PrescribedRow L(int number, string zh, string en, Side side, string accounts) =>
        new(number, zh, en, PrescribedRowKind.Line) { Side = side, Accounts = Codes(accounts), Indent = 1 };

    private static PrescribedRow D(int number, string zh, string en, Side side, string accounts = "") =>
        new(number, zh, en, PrescribedRowKind.Detail) { Side = side, Accounts = Codes(accounts), Indent = 2 };

    private static PrescribedRow T(int number, string zh, string en, string rows) =>
        new(number, zh, en, PrescribedRowKind.Total) { Rows = [.. rows.Split(' ').Select(r => int.Parse(r, CultureInfo.InvariantCulture))] };

    private static ImmutableArray<AccountCode> Codes(string codes) =>
        [.. codes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(AccountCode.Parse)];
}
