using System.Collections.Immutable;
using NodaTime;
using AccountRow = (string Code, string Zh, string En, CommunityFund.Ledger.AccountType Type, CommunityFund.Ledger.Side? Side);
using SubAccountRow = (string Parent, int Suffix, string Zh, string En);

namespace CommunityFund.Ledger;

/// <summary>
/// The chart templates an entity starts from, one per <see cref="AccountingProfile"/>. Codes and names follow the
/// official tables (see <c>docs/charts.md</c> of the design); official codes are never renumbered; sub-accounts
/// the product needs are added with dot suffixes. Every template also carries the memo (M-) accounts.
/// </summary>
public static class ChartTemplates
{
    /// <summary>The version tag of the 民非 template: the 2004 system, in force from 2005-01-01.</summary>
    public const string NpoCnVersion = "NPO_CN@2005-01-01";

    /// <summary>The version tag of the revised 民非 template: 民间非营利组织会计制度 (财会〔2024〕25号), in force from
    /// 2026-01-01 (ADR 0021).</summary>
    public const string NpoCn2026Version = "NPO_CN@2026-01-01";

    /// <summary>The version tag of the 小企业会计准则 template, in force from 2013-01-01.</summary>
    public const string SmeCnVersion = "SME_CN@2013-01-01";

    /// <summary>The version tag of the memo-only template.</summary>
    public const string MemoOnlyVersion = "MEMO@2005-01-01";

    private static readonly ImmutableSortedSet<string> Restriction =
        ImmutableSortedSet.Create(StringComparer.Ordinal, DimensionNames.Restriction);

    private static readonly ImmutableSortedSet<string> Member =
        ImmutableSortedSet.Create(StringComparer.Ordinal, DimensionNames.Member);

    /// <summary>The chart for a profile.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>A new chart holding the template's accounts.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not defined.</exception>
    public static ChartOfAccounts For(AccountingProfile profile) => profile switch
    {
        AccountingProfile.NpoCn => NpoCn,
        AccountingProfile.SmeCn => SmeCn,
        AccountingProfile.MemoOnly => MemoOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown accounting profile."),
    };

    /// <summary>The day the revised 民非 system (财会〔2024〕25号) takes effect: books of a 民非 entity that start on or after it
    /// use <see cref="NpoCn2026"/>.</summary>
    public static LocalDate NpoCn2026Effective { get; } = new(2026, 1, 1);

    /// <summary>The chart for a profile, for books starting on a given day: a 民非 entity whose books start on or after
    /// <see cref="NpoCn2026Effective"/> gets <see cref="NpoCn2026"/>, earlier books <see cref="NpoCn"/>.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="booksStart">The first day of the entity's books.</param>
    /// <returns>The template chart.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The profile is not defined.</exception>
    public static ChartOfAccounts For(AccountingProfile profile, LocalDate booksStart) =>
        profile == AccountingProfile.NpoCn && booksStart >= NpoCn2026Effective ? NpoCn2026 : For(profile);

    /// <summary>The template a version tag names, or <c>null</c> for an unknown tag.</summary>
    /// <param name="version">The tag, e.g. <see cref="NpoCn2026Version"/>.</param>
    /// <returns>The template chart.</returns>
    public static ChartOfAccounts? ForVersion(string version) => version switch
    {
        NpoCnVersion => NpoCn,
        NpoCn2026Version => NpoCn2026,
        SmeCnVersion => SmeCn,
        MemoOnlyVersion => MemoOnly,
        _ => null,
    };

    /// <summary>民间非营利组织会计制度: all 48 first-level accounts, the sub-accounts the product posts to, and the memo accounts.</summary>
    public static ChartOfAccounts NpoCn { get; } = BuildNpoCn();

    /// <summary>The revised 民间非营利组织会计制度 (财会〔2024〕25号, from 2026-01-01), as far as ADR 0021's sources support
    /// it: the 2004 codes, with 现金 / 应付工资 / 应交税金 under their revised names (库存现金, 应付职工薪酬, 应交税费),
    /// without 待摊费用 (1301) and 预提费用 (2301), whose balances <see cref="Posting.ChartTransitions"/> reclassifies, and with the
    /// sub-accounts donated services (服务捐赠) are recognised in.</summary>
    public static ChartOfAccounts NpoCn2026 { get; } = BuildNpoCn2026();

    /// <summary>小企业会计准则: the accounts the product needs, their sub-accounts, and the memo accounts.</summary>
    public static ChartOfAccounts SmeCn { get; } = BuildSmeCn();

    /// <summary>Memo accounts only.</summary>
    public static ChartOfAccounts MemoOnly { get; } = WithMemoAccounts(Empty(AccountingProfile.MemoOnly, MemoOnlyVersion));

    private static ChartOfAccounts BuildNpoCn()
    {
        var chart = AddRows(Empty(AccountingProfile.NpoCn, NpoCnVersion), NpoCnTables.Accounts);
        chart = WithRequiredDimensions(chart, "3102", Restriction);
        // Agency gifts are held per named beneficiary, so that 1701 and 2601 net to zero for each of them.
        chart = WithRequiredDimensions(chart, "1701", Member);
        chart = WithRequiredDimensions(chart, "2601", Member);
        chart = AddSubAccounts(chart, NpoCnTables.SubAccounts);
        chart = SplitByRestriction(chart, NpoCnTables.Revenues);
        return WithMemoAccounts(chart);
    }

    /// <summary>应交税费—应交增值税 (2221.01) of the SME_CN template: a small-scale taxpayer's VAT account itself, a general
    /// taxpayer's parent of its columns (财会〔2016〕22号).</summary>
    public static AccountCode VatPayable { get; } = AccountCode.Parse("2221.01");

    /// <summary>应交增值税—销项税额 (2221.01.06): a general taxpayer's output VAT.</summary>
    public static AccountCode OutputVat { get; } = AccountCode.Parse("2221.01.06");

    /// <summary>应交增值税—进项税额 (2221.01.01): a general taxpayer's input VAT.</summary>
    public static AccountCode InputVat { get; } = AccountCode.Parse("2221.01.01");

    /// <summary>应交增值税—减免税款 (2221.01.05): VAT a general taxpayer is relieved of.</summary>
    public static AccountCode VatRelief { get; } = AccountCode.Parse("2221.01.05");

    /// <summary>应交税费—应交所得税 (2221.03).</summary>
    public static AccountCode IncomeTaxPayable { get; } = AccountCode.Parse("2221.03");

    /// <summary>所得税费用 (5801) of the SME_CN template: the income tax the year-end close accrues.</summary>
    public static AccountCode IncomeTaxExpense { get; } = AccountCode.Parse("5801");

    /// <summary>营业外收入—减免税款 (5301.01): exempt VAT taken to profit and loss (财会〔2016〕22号; 小企业会计准则 has no
    /// 其他收益).</summary>
    public static AccountCode VatExemptIncome { get; } = AccountCode.Parse("5301.01");

    /// <summary>Adds a general taxpayer's columns (专栏) under 应交增值税 2221.01, in the order of 财会〔2016〕22号 (the
    /// export columns left out): 进项税额, 销项税额抵减, 已交税金, 转出未交增值税, 减免税款, 销项税额, 进项税额转出, 转出多交增值税.</summary>
    /// <param name="chart">An SME_CN chart with 2221.01 as a leaf.</param>
    /// <returns>The chart with the columns (unchanged when it has them).</returns>
    public static ChartOfAccounts WithGeneralTaxpayerColumns(ChartOfAccounts chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return chart.Find(InputVat) is not null ? chart : AddSubAccounts(chart, SmeCnTables.GeneralTaxpayerColumns);
    }

    private static ChartOfAccounts BuildNpoCn2026()
    {
        var kept = NpoCnTables.Accounts.Where(a => !NpoCn2026Tables.Dropped.Contains(a.Code))
            .Select(a => NpoCn2026Tables.Renamed.TryGetValue(a.Code, out var name) ? a with { Zh = name.Zh, En = name.En } : a);
        var chart = AddRows(Empty(AccountingProfile.NpoCn, NpoCn2026Version), [.. kept]);
        chart = WithRequiredDimensions(chart, "3102", Restriction);
        chart = WithRequiredDimensions(chart, "1701", Member);
        chart = WithRequiredDimensions(chart, "2601", Member);
        chart = AddSubAccounts(chart, NpoCnTables.SubAccounts);
        chart = AddSubAccounts(chart, NpoCn2026Tables.SubAccounts);
        chart = SplitByRestriction(chart, NpoCnTables.Revenues);
        chart = WithMemoAccounts(chart);
        chart = chart.WithSubAccount(AccountCode.Parse("M300"), 1, "服务捐赠工时", "Donated service hours");
        chart = chart.WithSubAccount(AccountCode.Parse("M300"), 9, "服务捐赠备查对方", "Donated services contra");
        return chart.WithAccount(chart.Get(AccountCode.Parse("M300.01")) with { RequiredDimensions = Member });
    }

    private static ChartOfAccounts BuildSmeCn()
    {
        var chart = AddRows(Empty(AccountingProfile.SmeCn, SmeCnVersion), SmeCnTables.Accounts);
        chart = AddSubAccounts(chart, SmeCnTables.SubAccounts);
        return WithMemoAccounts(chart);
    }

    private static ChartOfAccounts WithMemoAccounts(ChartOfAccounts chart)
    {
        (string Code, string Zh, string En, Currency Unit, Side Side)[] memo =
        [
            ("M100", "时间银行发行总户", "Time-bank pool", Currency.HOUR, Side.Credit),
            ("M110", "时间银行个人账户", "Member hours", Currency.HOUR, Side.Debit),
            ("M120", "时间银行捐赠池", "Donated hours", Currency.HOUR, Side.Debit),
            ("M200", "积分发放总户", "Points pool", Currency.POINT, Side.Credit),
            ("M210", "积分居民账户", "Resident points", Currency.POINT, Side.Debit),
            ("M300", "服务捐赠备查", "Donated services", Currency.HOUR, Side.Debit),
            ("M400", "资产使用备查", "Fair rent forgone", Currency.CNY, Side.Debit),
            ("M500", "公益服务履约", "Service obligations", Currency.COUNT, Side.Debit),
            ("M510", "公益服务工时履约", "Service-hour obligations", Currency.HOUR, Side.Debit),
        ];
        foreach (var (code, zh, en, unit, side) in memo)
        {
            chart = chart.WithAccount(new Account(AccountCode.Parse(code), zh, en, AccountType.Memo, side, unit));
        }

        foreach (var obligations in new[] { AccountCode.Parse("M500"), AccountCode.Parse("M510") })
        {
            chart = chart.WithSubAccount(obligations, 1, "应提供服务", "Services owed");
            chart = chart.WithSubAccount(obligations, 2, "已提供服务", "Services delivered");
            chart = chart.WithSubAccount(obligations, 9, "履约备查对方", "Obligations contra");
        }

        var use = AccountCode.Parse("M400");
        chart = chart.WithSubAccount(use, 1, "一元租金公允租金差额", "Fair rent forgone under nominal leases");
        chart = chart.WithSubAccount(use, 2, "资源换服务受让资源", "Resources received in swaps");
        chart = chart.WithSubAccount(use, 9, "资产使用备查对方", "Use of assets contra");
        return chart;
    }

    private static ChartOfAccounts Empty(AccountingProfile profile, string version) =>
        new(profile, version, ImmutableSortedDictionary<AccountCode, Account>.Empty);

    private static ChartOfAccounts AddRows(ChartOfAccounts chart, AccountRow[] rows)
    {
        foreach (var (code, zh, en, type, side) in rows)
        {
            var normal = side ?? (type is AccountType.Asset or AccountType.Expense ? Side.Debit : Side.Credit);
            chart = chart.WithAccount(new Account(AccountCode.Parse(code), zh, en, type, normal, Currency.CNY));
        }

        return chart;
    }

    private static ChartOfAccounts AddSubAccounts(ChartOfAccounts chart, SubAccountRow[] rows)
    {
        foreach (var (parent, suffix, zh, en) in rows)
        {
            chart = chart.WithSubAccount(AccountCode.Parse(parent), suffix, zh, en);
        }

        return chart;
    }

    private static ChartOfAccounts WithRequiredDimensions(ChartOfAccounts chart, string code, ImmutableSortedSet<string> dimensions) =>
        chart.WithAccount(chart.Get(AccountCode.Parse(code)) with { RequiredDimensions = dimensions });

    /// <summary>Gives each revenue account an unrestricted (.01) and a restricted (.02) sub-account; the restricted one
    /// requires the restriction dimension.</summary>
    private static ChartOfAccounts SplitByRestriction(ChartOfAccounts chart, string[] revenues)
    {
        foreach (var revenue in revenues)
        {
            var code = AccountCode.Parse(revenue);
            var parent = chart.Get(code);
            chart = chart.WithSubAccount(code, 1, $"{parent.NameZh}-非限定性", $"{parent.NameEn} (unrestricted)");
            chart = chart.WithSubAccount(code, 2, $"{parent.NameZh}-限定性", $"{parent.NameEn} (restricted)");
            chart = chart.WithAccount(chart.Get(code.Child(2)) with { RequiredDimensions = Restriction });
        }

        return chart;
    }

    /// <summary>The rows of the 民非 template. A nested class, so that its tables are filled before their first use
    /// whatever the order of the outer class's static initializers.</summary>
    private static class NpoCnTables
    {
        /// <summary>All 48 first-level accounts; the side only where it is not the type's normal side.</summary>
        internal static readonly AccountRow[] Accounts =
        [
            ("1001", "现金", "Cash on hand", AccountType.Asset, null),
            ("1002", "银行存款", "Bank deposits", AccountType.Asset, null),
            ("1009", "其他货币资金", "Other monetary funds", AccountType.Asset, null),
            ("1101", "短期投资", "Short-term investments", AccountType.Asset, null),
            ("1102", "短期投资跌价准备", "Allowance for short-term investment decline", AccountType.Asset, Side.Credit),
            ("1111", "应收票据", "Notes receivable", AccountType.Asset, null),
            ("1121", "应收账款", "Accounts receivable", AccountType.Asset, null),
            ("1122", "其他应收款", "Other receivables", AccountType.Asset, null),
            ("1131", "坏账准备", "Allowance for bad debts", AccountType.Asset, Side.Credit),
            ("1141", "预付账款", "Prepayments", AccountType.Asset, null),
            ("1201", "存货", "Inventory", AccountType.Asset, null),
            ("1202", "存货跌价准备", "Inventory write-down allowance", AccountType.Asset, Side.Credit),
            ("1301", "待摊费用", "Prepaid expenses", AccountType.Asset, null),
            ("1401", "长期股权投资", "Long-term equity investments", AccountType.Asset, null),
            ("1402", "长期债权投资", "Long-term debt investments", AccountType.Asset, null),
            ("1421", "长期投资减值准备", "Long-term investment impairment", AccountType.Asset, Side.Credit),
            ("1501", "固定资产", "Fixed assets", AccountType.Asset, null),
            ("1502", "累计折旧", "Accumulated depreciation", AccountType.Asset, Side.Credit),
            ("1505", "在建工程", "Construction in progress", AccountType.Asset, null),
            ("1506", "文物文化资产", "Cultural-relic and heritage assets", AccountType.Asset, null),
            ("1509", "固定资产清理", "Fixed asset disposals", AccountType.Asset, null),
            ("1601", "无形资产", "Intangible assets", AccountType.Asset, null),
            ("1701", "受托代理资产", "Assets held as agent", AccountType.Asset, null),
            ("2101", "短期借款", "Short-term borrowings", AccountType.Liability, null),
            ("2201", "应付票据", "Notes payable", AccountType.Liability, null),
            ("2202", "应付账款", "Accounts payable", AccountType.Liability, null),
            ("2203", "预收账款", "Receipts in advance", AccountType.Liability, null),
            ("2204", "应付工资", "Wages payable", AccountType.Liability, null),
            ("2206", "应交税金", "Taxes payable", AccountType.Liability, null),
            ("2209", "其他应付款", "Other payables", AccountType.Liability, null),
            ("2301", "预提费用", "Accrued expenses", AccountType.Liability, null),
            ("2401", "预计负债", "Provisions", AccountType.Liability, null),
            ("2501", "长期借款", "Long-term borrowings", AccountType.Liability, null),
            ("2502", "长期应付款", "Long-term payables", AccountType.Liability, null),
            ("2601", "受托代理负债", "Liabilities for assets held as agent", AccountType.Liability, null),
            ("3101", "非限定性净资产", "Unrestricted net assets", AccountType.NetAssets, null),
            ("3102", "限定性净资产", "Restricted net assets", AccountType.NetAssets, null),
            ("4101", "捐赠收入", "Donation revenue", AccountType.Revenue, null),
            ("4201", "会费收入", "Membership dues", AccountType.Revenue, null),
            ("4301", "提供服务收入", "Service revenue", AccountType.Revenue, null),
            ("4401", "政府补助收入", "Government grant revenue", AccountType.Revenue, null),
            ("4501", "商品销售收入", "Sales of goods", AccountType.Revenue, null),
            ("4601", "投资收益", "Investment income", AccountType.Revenue, null),
            ("4901", "其他收入", "Other revenue", AccountType.Revenue, null),
            ("5101", "业务活动成本", "Programme and activity costs", AccountType.Expense, null),
            ("5201", "管理费用", "Management and general expenses", AccountType.Expense, null),
            ("5301", "筹资费用", "Fundraising expenses", AccountType.Expense, null),
            ("5401", "其他费用", "Other expenses", AccountType.Expense, null),
        ];

        /// <summary>The sub-accounts the product posts to.</summary>
        internal static readonly SubAccountRow[] SubAccounts =
        [
            ("1002", 1, "基本存款账户", "Basic bank account"),
            ("1002", 2, "社区基金专户", "Community-fund bank account"),
            ("1009", 1, "微信支付在途", "WeChat Pay in transit"),
            ("1009", 2, "支付宝在途", "Alipay in transit"),
            ("1122", 1, "应收枢纽退回款", "Clawback receivable from hub"),
            ("1122", 2, "应收社区基金退回款", "Clawback receivable from community fund"),
            ("1201", 1, "受赠待售物资", "Donated goods for sale"),
            ("1201", 2, "外购商品", "Purchased goods"),
            ("2203", 1, "预收服务包款", "Prepaid service packages"),
            ("2209", 1, "应付枢纽平台分成", "Due to hub (platform share)"),
            ("2209", 2, "应付社区基金", "Due to community fund"),
            ("2209", 3, "应偿还服务机构捐赠款", "Donations to be given back to providers"),
            ("5101", 1, "服务直接成本", "Direct service costs"),
            ("5101", 2, "场地租金", "Space rent"),
            ("5101", 3, "平台分成", "Platform share to hub"),
            ("5101", 4, "社区基金提留", "Community-fund contribution"),
            ("5101", 5, "公益服务成本", "Public-welfare service costs"),
            ("5101", 6, "资助支出", "Grants to community projects"),
        ];

        /// <summary>The revenue accounts split into unrestricted and restricted sub-accounts.</summary>
        internal static readonly string[] Revenues = ["4101", "4201", "4301", "4401", "4501", "4601", "4901"];
    }

    /// <summary>How the revised 民非 template differs from <see cref="NpoCnTables"/> (ADR 0021; the least-verified part
    /// of the template: change it here when the appendix shows otherwise).</summary>
    private static class NpoCn2026Tables
    {
        /// <summary>First-level accounts of the 2004 system the revised template does not carry.</summary>
        internal static readonly string[] Dropped = ["1301", "2301"];

        /// <summary>First-level accounts kept under their code with a revised name.</summary>
        internal static readonly Dictionary<string, (string Zh, string En)> Renamed = new(StringComparer.Ordinal)
        {
            ["1001"] = ("库存现金", "Cash on hand"),
            ["2204"] = ("应付职工薪酬", "Employee compensation payable"),
            ["2206"] = ("应交税费", "Taxes payable"),
        };

        /// <summary>The sub-accounts donated services are recognised in, and the one that takes 2301's balance (2209 has
        /// sub-accounts, so the balance goes to a leaf).</summary>
        internal static readonly SubAccountRow[] SubAccounts =
        [
            ("5101", 7, "受赠服务", "Donated services used"),
            ("2209", 4, "预提费用", "Accrued expenses (carried from 2301 of the 2004 chart)"),
        ];
    }

    /// <summary>The rows of the 小企业会计准则 template (see <see cref="NpoCnTables"/>).</summary>
    private static class SmeCnTables
    {
        /// <summary>The first-level accounts the product needs; the side only where it is not the type's normal side.</summary>
        internal static readonly AccountRow[] Accounts =
        [
            ("1001", "库存现金", "Cash on hand", AccountType.Asset, null),
            ("1002", "银行存款", "Bank deposits", AccountType.Asset, null),
            ("1012", "其他货币资金", "Other monetary funds", AccountType.Asset, null),
            ("1122", "应收账款", "Accounts receivable", AccountType.Asset, null),
            ("1221", "其他应收款", "Other receivables", AccountType.Asset, null),
            ("1403", "原材料", "Raw materials", AccountType.Asset, null),
            ("1405", "库存商品", "Merchandise inventory", AccountType.Asset, null),
            ("1601", "固定资产", "Fixed assets", AccountType.Asset, null),
            ("1602", "累计折旧", "Accumulated depreciation", AccountType.Asset, Side.Credit),
            ("1801", "长期待摊费用", "Long-term prepaid expenses", AccountType.Asset, null),
            ("2202", "应付账款", "Accounts payable", AccountType.Liability, null),
            ("2203", "预收账款", "Receipts in advance", AccountType.Liability, null),
            ("2211", "应付职工薪酬", "Employee compensation payable", AccountType.Liability, null),
            ("2221", "应交税费", "Taxes payable", AccountType.Liability, null),
            ("2241", "其他应付款", "Other payables", AccountType.Liability, null),
            ("2401", "递延收益", "Deferred income", AccountType.Liability, null),
            ("3001", "实收资本", "Paid-in capital", AccountType.NetAssets, null),
            ("3002", "资本公积", "Capital reserve", AccountType.NetAssets, null),
            ("3101", "盈余公积", "Surplus reserve", AccountType.NetAssets, null),
            ("3103", "本年利润", "Current-year profit", AccountType.NetAssets, null),
            ("3104", "利润分配", "Profit distribution", AccountType.NetAssets, null),
            ("5001", "主营业务收入", "Main operating revenue", AccountType.Revenue, null),
            ("5051", "其他业务收入", "Other operating revenue", AccountType.Revenue, null),
            ("5301", "营业外收入", "Non-operating income", AccountType.Revenue, null),
            ("5401", "主营业务成本", "Main operating costs", AccountType.Expense, null),
            ("5402", "其他业务成本", "Other operating costs", AccountType.Expense, null),
            ("5403", "税金及附加", "Taxes and surcharges", AccountType.Expense, null),
            ("5601", "销售费用", "Selling expenses", AccountType.Expense, null),
            ("5602", "管理费用", "Administrative expenses", AccountType.Expense, null),
            ("5603", "财务费用", "Finance costs", AccountType.Expense, null),
            ("5711", "营业外支出", "Non-operating expenses", AccountType.Expense, null),
            ("5801", "所得税费用", "Income tax expense", AccountType.Expense, null),
        ];

        /// <summary>The sub-accounts the product posts to.</summary>
        internal static readonly SubAccountRow[] SubAccounts =
        [
            ("1002", 1, "基本存款账户", "Basic bank account"),
            ("1012", 1, "微信支付在途", "WeChat Pay in transit"),
            ("1012", 2, "支付宝在途", "Alipay in transit"),
            ("1122", 1, "应收平台分成", "Platform share receivable from providers"),
            ("1221", 1, "应收枢纽退回分成", "Clawback receivable from hub"),
            ("1221", 2, "应收社区基金退回款", "Clawback receivable from community fund"),
            ("2221", 1, "应交增值税", "VAT payable"),
            ("2221", 2, "未交增值税", "VAT unpaid (carried out of 应交增值税)"),
            ("2221", 3, "应交所得税", "Income tax payable"),
            ("2241", 1, "应付社区基金", "Due to community fund"),
            ("2241", 2, "应付枢纽平台分成", "Due to hub (platform share)"),
            ("2241", 3, "应付服务机构退回分成", "Due back to providers (refunded platform share)"),
            ("2203", 1, "预收服务包款", "Prepaid service packages"),
            ("5001", 1, "平台孵化分成收入", "Platform and incubation share"),
            ("5001", 2, "停车收入", "Parking"),
            ("5001", 3, "服务包收入", "Service package revenue"),
            ("5401", 1, "平台分成", "Platform share to hub"),
            ("5401", 2, "社区基金提留", "Community-fund contribution"),
            ("5301", 1, "减免税款", "VAT exempted"),
            ("5711", 1, "公益性捐赠支出", "Public-welfare donations"),
        ];

        /// <summary>A general taxpayer's columns under 应交增值税 (财会〔2016〕22号, export columns left out).</summary>
        internal static readonly SubAccountRow[] GeneralTaxpayerColumns =
        [
            ("2221.01", 1, "进项税额", "Input VAT"),
            ("2221.01", 2, "销项税额抵减", "Output VAT offset"),
            ("2221.01", 3, "已交税金", "VAT paid"),
            ("2221.01", 4, "转出未交增值税", "VAT unpaid carried out"),
            ("2221.01", 5, "减免税款", "VAT relieved"),
            ("2221.01", 6, "销项税额", "Output VAT"),
            ("2221.01", 7, "进项税额转出", "Input VAT transferred out"),
            ("2221.01", 8, "转出多交增值税", "VAT overpaid carried out"),
        ];
    }
}
