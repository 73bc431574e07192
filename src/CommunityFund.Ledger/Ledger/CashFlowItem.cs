using System.Collections.Immutable;

namespace CommunityFund.Ledger;

/// <summary>
/// What a movement of cash is for (现金流量项目): the line of the cash-flow statement a line on a cash account (现金,
/// 银行存款, 其他货币资金) belongs to, stated by the command that moves the cash and kept on the journal line (ADR 0020).
/// The items are the union of the lines of 会民非03表 and 会小企03表; each is on exactly one line of each form it is
/// <see cref="IsFor">for</see>. An item is a receipt or a payment line: a movement the other way (a refund, a repayment
/// received) is shown on the same line, netted against it, as the direct method requires (a sale refunded reduces the
/// cash received from sales).
/// </summary>
/// <remarks>Items are singletons compared by reference; <see cref="Code"/> is their stable name on the wire and in the
/// hashed journal (the <see cref="DimensionNames.CashFlow"/> dimension): never rename one.</remarks>
public sealed class CashFlowItem
{
    private CashFlowItem(string code, CashFlowActivity activity, bool isReceipt, bool npo = true, bool sme = true)
    {
        Code = code;
        Activity = activity;
        IsReceipt = isReceipt;
        _npo = npo;
        _sme = sme;
    }

    private readonly bool _npo;
    private readonly bool _sme;

    /// <summary>接受捐赠收到的现金: donations received (民非 1; 小企业 收到其他与经营活动有关的现金 2).</summary>
    public static CashFlowItem DonationsReceived { get; } = new("operating.donations", CashFlowActivity.Operating, true);

    /// <summary>收取会费收到的现金: membership dues (民非 2; 小企业 2).</summary>
    public static CashFlowItem DuesReceived { get; } = new("operating.dues", CashFlowActivity.Operating, true);

    /// <summary>提供服务收到的现金: services sold, less refunds (民非 3; 小企业 销售产成品、商品、提供劳务收到的现金 1).</summary>
    public static CashFlowItem ServicesSold { get; } = new("operating.services", CashFlowActivity.Operating, true);

    /// <summary>销售商品收到的现金: goods sold, less refunds (民非 4; 小企业 1).</summary>
    public static CashFlowItem GoodsSold { get; } = new("operating.goods", CashFlowActivity.Operating, true);

    /// <summary>政府补助收到的现金: government grants received (民非 5; 小企业 2).</summary>
    public static CashFlowItem GovernmentGrantsReceived { get; } = new("operating.government-grants", CashFlowActivity.Operating, true);

    /// <summary>收到的其他与业务（经营）活动有关的现金: other operating receipts, such as rent received (民非 8; 小企业 2).</summary>
    public static CashFlowItem OtherOperatingReceipts { get; } = new("operating.other-receipts", CashFlowActivity.Operating, true);

    /// <summary>提供捐赠或者资助支付的现金: grants and donations given (民非 14; 小企业 支付其他与经营活动有关的现金 6).</summary>
    public static CashFlowItem GrantsGiven { get; } = new("operating.grants-given", CashFlowActivity.Operating, false);

    /// <summary>支付给员工以及为员工支付的现金 / 支付的职工薪酬: staff (民非 15; 小企业 4).</summary>
    public static CashFlowItem StaffPaid { get; } = new("operating.staff", CashFlowActivity.Operating, false);

    /// <summary>购买商品、接受服务（劳务）支付的现金: goods and services bought, less refunds received (民非 16; 小企业 3).</summary>
    public static CashFlowItem PurchasesPaid { get; } = new("operating.purchases", CashFlowActivity.Operating, false);

    /// <summary>支付的税费: taxes paid (民非 支付的其他与业务活动有关的现金 19; 小企业 5).</summary>
    public static CashFlowItem TaxesPaid { get; } = new("operating.taxes", CashFlowActivity.Operating, false);

    /// <summary>支付的其他与业务（经营）活动有关的现金: other operating payments, such as rent, levies and channel fees
    /// (民非 19; 小企业 6).</summary>
    public static CashFlowItem OtherOperatingPayments { get; } = new("operating.other-payments", CashFlowActivity.Operating, false);

    /// <summary>收回投资所收到的现金 (民非 25; 小企业 8).</summary>
    public static CashFlowItem InvestmentsRecovered { get; } = new("investing.investments-recovered", CashFlowActivity.Investing, true);

    /// <summary>取得投资收益所收到的现金 (民非 26; 小企业 9).</summary>
    public static CashFlowItem InvestmentIncomeReceived { get; } = new("investing.investment-income", CashFlowActivity.Investing, true);

    /// <summary>处置固定资产和无形资产所收回的现金 (民非 27; 小企业 10).</summary>
    public static CashFlowItem AssetDisposals { get; } = new("investing.asset-disposals", CashFlowActivity.Investing, true);

    /// <summary>收到的其他与投资活动有关的现金 (民非 30 only: 会小企03表 has no such line).</summary>
    public static CashFlowItem OtherInvestingReceipts { get; } = new("investing.other-receipts", CashFlowActivity.Investing, true, sme: false);

    /// <summary>购建固定资产和无形资产所支付的现金 (民非 35; 小企业 12).</summary>
    public static CashFlowItem AssetPurchases { get; } = new("investing.asset-purchases", CashFlowActivity.Investing, false);

    /// <summary>对外投资所支付的现金 (民非 36; 小企业 11).</summary>
    public static CashFlowItem InvestmentsMade { get; } = new("investing.investments-made", CashFlowActivity.Investing, false);

    /// <summary>支付的其他与投资活动有关的现金 (民非 39 only).</summary>
    public static CashFlowItem OtherInvestingPayments { get; } = new("investing.other-payments", CashFlowActivity.Investing, false, sme: false);

    /// <summary>借款所收到的现金 (民非 45; 小企业 14).</summary>
    public static CashFlowItem BorrowingsReceived { get; } = new("financing.borrowings", CashFlowActivity.Financing, true);

    /// <summary>吸收投资者投资收到的现金 (小企业 15 only: a 民非 has no owners).</summary>
    public static CashFlowItem CapitalReceived { get; } = new("financing.capital", CashFlowActivity.Financing, true, npo: false);

    /// <summary>收到的其他与筹资活动有关的现金 (民非 48 only).</summary>
    public static CashFlowItem OtherFinancingReceipts { get; } = new("financing.other-receipts", CashFlowActivity.Financing, true, sme: false);

    /// <summary>偿还借款（本金）所支付的现金 (民非 51; 小企业 16).</summary>
    public static CashFlowItem BorrowingsRepaid { get; } = new("financing.repayments", CashFlowActivity.Financing, false);

    /// <summary>偿付（偿还借款）利息所支付的现金 (民非 52; 小企业 17).</summary>
    public static CashFlowItem InterestPaid { get; } = new("financing.interest", CashFlowActivity.Financing, false);

    /// <summary>分配利润支付的现金 (小企业 18 only).</summary>
    public static CashFlowItem ProfitDistributed { get; } = new("financing.profit-distributed", CashFlowActivity.Financing, false, npo: false);

    /// <summary>支付的其他与筹资活动有关的现金 (民非 55 only).</summary>
    public static CashFlowItem OtherFinancingPayments { get; } = new("financing.other-payments", CashFlowActivity.Financing, false, sme: false);

    /// <summary>Every item, in the order of 会民非03表 then the company-only items.</summary>
    public static ImmutableArray<CashFlowItem> All { get; } =
    [
        DonationsReceived, DuesReceived, ServicesSold, GoodsSold, GovernmentGrantsReceived, OtherOperatingReceipts,
        GrantsGiven, StaffPaid, PurchasesPaid, TaxesPaid, OtherOperatingPayments,
        InvestmentsRecovered, InvestmentIncomeReceived, AssetDisposals, OtherInvestingReceipts, AssetPurchases, InvestmentsMade, OtherInvestingPayments,
        BorrowingsReceived, CapitalReceived, OtherFinancingReceipts, BorrowingsRepaid, InterestPaid, ProfitDistributed, OtherFinancingPayments,
    ];

    /// <summary>The stable code, such as <c>operating.services</c>: the value of the line's
    /// <see cref="DimensionNames.CashFlow"/> dimension.</summary>
    public string Code { get; }

    /// <summary>The activity it is reported under.</summary>
    public CashFlowActivity Activity { get; }

    /// <summary><c>true</c> for a receipt line (cash in reads positive), <c>false</c> for a payment line (cash out reads
    /// positive).</summary>
    public bool IsReceipt { get; }

    /// <summary><c>true</c> when the cash-flow statement of the profile has a line for this item (会民非03表 for
    /// <see cref="AccountingProfile.NpoCn"/>, 会小企03表 for <see cref="AccountingProfile.SmeCn"/>).</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>Whether a line of the entity may carry it.</returns>
    public bool IsFor(AccountingProfile profile) => profile switch
    {
        AccountingProfile.NpoCn => _npo,
        AccountingProfile.SmeCn => _sme,
        _ => false,
    };

    /// <summary>The item with a code.</summary>
    /// <param name="code">The code, such as <c>operating.services</c> (ordinal, case-sensitive).</param>
    /// <param name="item">The item, or <c>null</c>.</param>
    /// <returns><c>true</c> when the code names an item.</returns>
    public static bool TryParse(string? code, out CashFlowItem? item)
    {
        item = All.FirstOrDefault(i => string.Equals(i.Code, code, StringComparison.Ordinal));
        return item is not null;
    }

    /// <summary><c>true</c> for an account that holds cash (货币资金): cash on hand 1001, bank deposits 1002, other monetary
    /// funds (民非 1009, 小企业 1012), with their sub-accounts. Only lines on these accounts carry an item.</summary>
    /// <param name="account">The account.</param>
    /// <returns>Whether it is cash.</returns>
    public static bool IsCashAccount(AccountCode account) => account.Value is not null && CashRoots.Contains(account.Root.Value);

    private static readonly ImmutableHashSet<string> CashRoots = ImmutableHashSet.Create(StringComparer.Ordinal, "1001", "1002", "1009", "1012");

    /// <summary>The code.</summary>
    /// <returns><see cref="Code"/>.</returns>
    public override string ToString() => Code;
}
