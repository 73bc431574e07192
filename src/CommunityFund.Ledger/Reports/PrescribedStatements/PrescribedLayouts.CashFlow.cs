using CommunityFund.Ledger;
using static CommunityFund.Ledger.CashFlowItem;

namespace CommunityFund.Reports;

/// <summary>The cash-flow statements' rows (ADR 0020): each line adds the cash moved under its cash-flow items; each
/// item is on exactly one line of each form that has it (<see cref="CashFlowItem.IsFor"/>).</summary>
public static partial class PrescribedLayouts
{
    private static PrescribedRow[] NpoCashFlowRows() =>
    [
        H("一、业务活动产生的现金流量：", "I. Cash flows from operating activities"),
        C(1, "接受捐赠收到的现金", "Cash received from donations", Dr, DonationsReceived),
        C(2, "收取会费收到的现金", "Cash received from membership dues", Dr, DuesReceived),
        C(3, "提供服务收到的现金", "Cash received from services provided", Dr, ServicesSold),
        C(4, "销售商品收到的现金", "Cash received from sales of goods", Dr, GoodsSold),
        C(5, "政府补助收到的现金", "Cash received from government grants", Dr, GovernmentGrantsReceived),
        C(8, "收到的其他与业务活动有关的现金", "Other cash received relating to operating activities", Dr, OtherOperatingReceipts),
        T(13, "现金流入小计", "Subtotal of cash inflows", "1 2 3 4 5 8"),
        C(14, "提供捐赠或者资助支付的现金", "Cash paid for donations and grants given", Cr, GrantsGiven),
        C(15, "支付给员工以及为员工支付的现金", "Cash paid to and on behalf of staff", Cr, StaffPaid),
        C(16, "购买商品、接受服务支付的现金", "Cash paid for goods and services", Cr, PurchasesPaid),
        C(19, "支付的其他与业务活动有关的现金", "Other cash paid relating to operating activities", Cr, TaxesPaid, OtherOperatingPayments),
        T(23, "现金流出小计", "Subtotal of cash outflows", "14 15 16 19"),
        T(24, "业务活动产生的现金流量净额", "Net cash flows from operating activities", "13 -23"),
        H("二、投资活动产生的现金流量：", "II. Cash flows from investing activities"),
        C(25, "收回投资所收到的现金", "Cash received from investments recovered", Dr, InvestmentsRecovered),
        C(26, "取得投资收益所收到的现金", "Cash received from investment income", Dr, InvestmentIncomeReceived),
        C(27, "处置固定资产和无形资产所收回的现金", "Cash received from disposals of fixed and intangible assets", Dr, AssetDisposals),
        C(30, "收到的其他与投资活动有关的现金", "Other cash received relating to investing activities", Dr, OtherInvestingReceipts),
        T(34, "现金流入小计", "Subtotal of cash inflows", "25 26 27 30"),
        C(35, "购建固定资产和无形资产所支付的现金", "Cash paid to acquire fixed and intangible assets", Cr, AssetPurchases),
        C(36, "对外投资所支付的现金", "Cash paid for investments", Cr, InvestmentsMade),
        C(39, "支付的其他与投资活动有关的现金", "Other cash paid relating to investing activities", Cr, OtherInvestingPayments),
        T(43, "现金流出小计", "Subtotal of cash outflows", "35 36 39"),
        T(44, "投资活动产生的现金流量净额", "Net cash flows from investing activities", "34 -43"),
        H("三、筹资活动产生的现金流量：", "III. Cash flows from financing activities"),
        C(45, "借款所收到的现金", "Cash received from borrowings", Dr, BorrowingsReceived),
        C(48, "收到的其他与筹资活动有关的现金", "Other cash received relating to financing activities", Dr, OtherFinancingReceipts),
        T(50, "现金流入小计", "Subtotal of cash inflows", "45 48"),
        C(51, "偿还借款所支付的现金", "Cash paid to repay borrowings", Cr, BorrowingsRepaid),
        C(52, "偿付利息所支付的现金", "Cash paid for interest", Cr, InterestPaid),
        C(55, "支付的其他与筹资活动有关的现金", "Other cash paid relating to financing activities", Cr, OtherFinancingPayments),
        T(58, "现金流出小计", "Subtotal of cash outflows", "51 52 55"),
        T(59, "筹资活动产生的现金流量净额", "Net cash flows from financing activities", "50 -58"),
        C(60, "四、汇率变动对现金的影响额", "IV. Effect of exchange-rate changes on cash", Dr) with { Indent = 0 },
        Unclassified(),
        T(61, "五、现金及现金等价物净增加额", "V. Net increase in cash and cash equivalents", "24 44 59 60") with { AddsUnclassified = true },
    ];

    private static PrescribedRow[] SmeCashFlowRows() =>
    [
        H("一、经营活动产生的现金流量：", "I. Cash flows from operating activities"),
        C(1, "销售产成品、商品、提供劳务收到的现金", "Cash received from sales of products and goods and from services", Dr, ServicesSold, GoodsSold),
        C(2, "收到其他与经营活动有关的现金", "Other cash received relating to operating activities", Dr, DonationsReceived, DuesReceived, GovernmentGrantsReceived, OtherOperatingReceipts),
        C(3, "购买原材料、商品、接受劳务支付的现金", "Cash paid for materials, goods and services", Cr, PurchasesPaid),
        C(4, "支付的职工薪酬", "Cash paid for employee compensation", Cr, StaffPaid),
        C(5, "支付的税费", "Cash paid for taxes", Cr, TaxesPaid),
        C(6, "支付其他与经营活动有关的现金", "Other cash paid relating to operating activities", Cr, GrantsGiven, OtherOperatingPayments),
        T(7, "经营活动产生的现金流量净额", "Net cash flows from operating activities", "1 2 -3 -4 -5 -6"),
        H("二、投资活动产生的现金流量：", "II. Cash flows from investing activities"),
        C(8, "收回短期投资、长期债券投资和长期股权投资收到的现金", "Cash received from short-term, long-term bond and equity investments recovered", Dr, InvestmentsRecovered),
        C(9, "取得投资收益收到的现金", "Cash received from investment income", Dr, InvestmentIncomeReceived),
        C(10, "处置固定资产、无形资产和其他非流动资产收回的现金净额", "Net cash received from disposals of fixed, intangible and other non-current assets", Dr, AssetDisposals),
        C(11, "短期投资、长期债券投资和长期股权投资支付的现金", "Cash paid for short-term, long-term bond and equity investments", Cr, InvestmentsMade),
        C(12, "购建固定资产、无形资产和其他非流动资产支付的现金", "Cash paid to acquire fixed, intangible and other non-current assets", Cr, AssetPurchases),
        T(13, "投资活动产生的现金流量净额", "Net cash flows from investing activities", "8 9 10 -11 -12"),
        H("三、筹资活动产生的现金流量：", "III. Cash flows from financing activities"),
        C(14, "取得借款收到的现金", "Cash received from borrowings", Dr, BorrowingsReceived),
        C(15, "吸收投资者投资收到的现金", "Cash received from owners' investment", Dr, CapitalReceived),
        C(16, "偿还借款本金支付的现金", "Cash paid to repay the principal of borrowings", Cr, BorrowingsRepaid),
        C(17, "偿还借款利息支付的现金", "Cash paid for interest on borrowings", Cr, InterestPaid),
        C(18, "分配利润支付的现金", "Cash paid for profit distributed", Cr, ProfitDistributed),
        T(19, "筹资活动产生的现金流量净额", "Net cash flows from financing activities", "14 15 -16 -17 -18"),
        Unclassified(),
        T(20, "四、现金净增加额", "IV. Net increase in cash", "7 13 19") with { AddsUnclassified = true },
        new PrescribedRow(21, "加：期初现金余额", "Add: cash at the beginning of the period", PrescribedRowKind.CashAtStart) { Indent = 1 },
        T(22, "五、期末现金余额", "V. Cash at the end of the period", "20 21"),
    ];

    private static PrescribedRow C(int number, string zh, string en, Side side, params CashFlowItem[] items) =>
        new(number, zh, en, PrescribedRowKind.Line) { Side = side, CashFlows = [.. items], Indent = 1 };

    private static PrescribedRow Unclassified() =>
        new(null, "未分类的现金流量（不属于法定格式；应为零）", "Cash moved without a cash-flow item (not on the official form; should be zero)", PrescribedRowKind.Unclassified) { Indent = 1 };
}
