using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>
/// The accounts the community-economy events post to, for an entity's accounting profile (see the design's domain
/// events 1–5): a 民非 provider books the hub share to 5101.03 and owes it on 2209.01; a company-form provider books it
/// to 5401.01 and owes it on 2241.02; and so on. The fund's share is a cost of the revenue it is levied on under the hub
/// agreement, not a donation (ADR 0011): 5101.04 业务活动成本 for a 民非 provider, 5401.02 主营业务成本 for a company.
/// </summary>
/// <param name="Cash">Cash on hand.</param>
/// <param name="Bank">The basic bank account.</param>
/// <param name="WeChatPay">WeChat Pay in transit.</param>
/// <param name="Alipay">Alipay in transit.</param>
/// <param name="ServiceRevenue">Service-package revenue (unrestricted).</param>
/// <param name="VatPayable">VAT payable.</param>
/// <param name="PrepaidPackages">Receipts in advance for prepaid packages.</param>
/// <param name="HubShareExpense">The cost of the hub's share.</param>
/// <param name="FundShareExpense">The cost of the fund's share.</param>
/// <param name="DueToHub">The payable to the hub.</param>
/// <param name="DueToFund">The payable to the fund.</param>
/// <param name="ClawbackFromHub">The receivable from the hub when a share already on a statement is given back.</param>
/// <param name="ClawbackFromFund">The receivable from the community fund when a share already on a statement is owed back.</param>
/// <param name="ChannelFees">Where the payment channels' fees (手续费) are charged: 筹资费用 (民非, whose 筹资费用 covers the
/// related 手续费) or 财务费用 (小企业会计准则).</param>
public sealed record ProviderAccounts(
    AccountCode Cash,
    AccountCode Bank,
    AccountCode WeChatPay,
    AccountCode Alipay,
    AccountCode ServiceRevenue,
    AccountCode VatPayable,
    AccountCode PrepaidPackages,
    AccountCode HubShareExpense,
    AccountCode FundShareExpense,
    AccountCode DueToHub,
    AccountCode DueToFund,
    AccountCode ClawbackFromHub,
    AccountCode ClawbackFromFund,
    AccountCode ChannelFees)
{
    /// <summary>The accounts of a 民非 (NPO_CN) provider.</summary>
    public static ProviderAccounts NpoCn { get; } = new(
        C("1001"), C("1002.01"), C("1009.01"), C("1009.02"), C("4301.01"), C("2206"), C("2203.01"),
        C("5101.03"), C("5101.04"), C("2209.01"), C("2209.02"), C("1122.01"), C("1122.02"), C("5301"));

    /// <summary>The accounts of a company-form (SME_CN) provider.</summary>
    public static ProviderAccounts SmeCn { get; } = new(
        C("1001"), C("1002.01"), C("1012.01"), C("1012.02"), C("5001.03"), C("2221"), C("2203.01"),
        C("5401.01"), C("5401.02"), C("2241.02"), C("2241.01"), C("1221.01"), C("1221.02"), C("5603"));

    /// <summary>The accounts for a profile, or <c>null</c> when a provider cannot keep books under it.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The accounts.</returns>
    public static ProviderAccounts? For(AccountingProfile profile) => profile switch
    {
        AccountingProfile.NpoCn => NpoCn,
        AccountingProfile.SmeCn => SmeCn,
        _ => null,
    };

    /// <summary>The accounts of an entity: those of its profile, with VAT on the most specific VAT account its chart
    /// holds — 2221.01.06 销项税额 (general taxpayer), 2221.01 应交增值税 (small-scale, or no status configured), or 2221
    /// (an SME_CN chart from before ADR 0022).</summary>
    /// <param name="entity">The entity.</param>
    /// <returns>The accounts, or <c>null</c> when a provider cannot keep books under its profile.</returns>
    public static ProviderAccounts? For(AccountingEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var accounts = For(entity.Profile);
        if (accounts is null || entity.Profile != AccountingProfile.SmeCn)
        {
            return accounts;
        }

        var vat = new[] { ChartTemplates.OutputVat, ChartTemplates.VatPayable }.FirstOrDefault(c => entity.Chart.Find(c) is not null && entity.Chart.IsLeaf(c), accounts.VatPayable);
        return accounts with { VatPayable = vat };
    }

    /// <summary>The account a payment channel posts to.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The account.</returns>
    public AccountCode For(PaymentChannel channel) => channel switch
    {
        PaymentChannel.Cash => Cash,
        PaymentChannel.WeChatPay => WeChatPay,
        PaymentChannel.Alipay => Alipay,
        _ => Bank,
    };

    /// <summary>The hub's accounts (小企业会计准则): receivable from providers, platform revenue, bank, payable back.</summary>
    public static (AccountCode Receivable, AccountCode PlatformRevenue, AccountCode Bank, AccountCode DueBackToProvider) Hub { get; } =
        (C("1122.01"), C("5001.01"), C("1002.01"), C("2241.03"));

    /// <summary>The community fund's accounts (民非): its bank account and restricted donation revenue.</summary>
    public static (AccountCode Bank, AccountCode RestrictedDonations) Fund { get; } = (C("1002.02"), C("4101.02"));

    /// <summary>The community fund's accounts for a share it must give back after a refund (民非: 应偿还的受赠资产):
    /// the expense it is charged to (管理费用, tagged with the restriction it was received under) and the payable to the
    /// provider (其他应付款).</summary>
    public static (AccountCode Expense, AccountCode DueBackToProvider) FundGivesBack { get; } = (C("5201"), C("2209.03"));

    /// <summary>The memo accounts of service obligations: delivered sessions and their contra.</summary>
    public static (AccountCode Delivered, AccountCode Contra) Obligations { get; } = (C("M500.02"), C("M500.09"));

    private static AccountCode C(string code) => AccountCode.Parse(code);
}
