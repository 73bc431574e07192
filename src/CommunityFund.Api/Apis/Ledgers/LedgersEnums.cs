namespace CommunityFund.Api.Apis;

/// <summary>The role an accounting entity plays in a community economy.</summary>
public enum EntityKind
{
    /// <summary>专业机构 / 社会组织 / 社会企业 — sells service packages, runs spaces, owes 25% + 5% of revenue.</summary>
    Provider = 1,

    /// <summary>枢纽型社会企业 — runs the platform, receives 25% to upgrade its incubation platform.</summary>
    Hub = 2,

    /// <summary>社区基金 — receives 5% plus donations and self-financing income, gives grants.</summary>
    CommunityFund = 3,

    /// <summary>社区 / 居委会 — lessor of public spaces under one-yuan leases and swaps.</summary>
    Community = 4,
}

/// <summary>The accounting standard an entity keeps its books under.</summary>
public enum AccountingProfile
{
    /// <summary>民间非营利组织会计制度 (财会〔2004〕7号): social organisations, community funds.</summary>
    NpoCn = 1,

    /// <summary>小企业会计准则 (财会〔2011〕17号): company-form social enterprises and most hubs.</summary>
    SmeCn = 2,

    /// <summary>Memo accounts only: a party (such as a residents' committee) whose money is kept elsewhere.</summary>
    MemoOnly = 3,
}

/// <summary>The VAT status of a company-form (SME_CN) entity (增值税纳税人类型).</summary>
public enum TaxpayerKind
{
    /// <summary>小规模纳税人 — small-scale taxpayer: a levy rate on VAT-exclusive sales (1% by default, 财政部 税务总局公告2023年第19号)
    /// and a monthly exemption threshold (100,000.00 by default).</summary>
    SmallScale = 1,

    /// <summary>一般纳税人 — general taxpayer: output VAT at the rate of its services (6% by default, 现代服务 / 生活服务).</summary>
    General = 2,
}

/// <summary>The nature of an account, which decides its place in the statements and its normal side.</summary>
public enum AccountType
{
    /// <summary>资产 — asset (debit-normal, except contra accounts such as allowances).</summary>
    Asset = 1,

    /// <summary>负债 — liability (credit-normal).</summary>
    Liability = 2,

    /// <summary>净资产 / 所有者权益 — net assets of a non-profit, or owners' equity of a company (credit-normal).</summary>
    NetAssets = 3,

    /// <summary>收入 — revenue (credit-normal).</summary>
    Revenue = 4,

    /// <summary>费用 / 成本 — expense or cost (debit-normal).</summary>
    Expense = 5,

    /// <summary>
    /// 备查 — memorandum account kept outside the monetary statements (time bank, points, obligations,
    /// fair rent forgone).
    /// </summary>
    Memo = 6,
}

/// <summary>The side of a journal line.</summary>
public enum Side
{
    /// <summary>借 — debit.</summary>
    Debit = 1,

    /// <summary>贷 — credit.</summary>
    Credit = 2,
}

/// <summary>The wire names of the ledgers enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Ledger.EntityKind, EntityKind> EntityKindMap = new(
        (Ledger.EntityKind.Provider, EntityKind.Provider),
        (Ledger.EntityKind.Hub, EntityKind.Hub),
        (Ledger.EntityKind.CommunityFund, EntityKind.CommunityFund),
        (Ledger.EntityKind.Community, EntityKind.Community));

    /// <summary>The wire name of a <see cref="EntityKind"/>.</summary>
    public static EntityKind ToWire(this Ledger.EntityKind value) => EntityKindMap.ToWire(value);

    /// <summary>The books' <c>EntityKind</c> for a wire name.</summary>
    public static Ledger.EntityKind ToCore(this EntityKind value) => EntityKindMap.ToCore(value);

    private static readonly WireEnum<Ledger.AccountingProfile, AccountingProfile> AccountingProfileMap = new(
        (Ledger.AccountingProfile.NpoCn, AccountingProfile.NpoCn),
        (Ledger.AccountingProfile.SmeCn, AccountingProfile.SmeCn),
        (Ledger.AccountingProfile.MemoOnly, AccountingProfile.MemoOnly));

    /// <summary>The wire name of a <see cref="AccountingProfile"/>.</summary>
    public static AccountingProfile ToWire(this Ledger.AccountingProfile value) => AccountingProfileMap.ToWire(value);

    /// <summary>The books' <c>AccountingProfile</c> for a wire name.</summary>
    public static Ledger.AccountingProfile ToCore(this AccountingProfile value) => AccountingProfileMap.ToCore(value);

    private static readonly WireEnum<Ledger.TaxpayerKind, TaxpayerKind> TaxpayerKindMap = new(
        (Ledger.TaxpayerKind.SmallScale, TaxpayerKind.SmallScale),
        (Ledger.TaxpayerKind.General, TaxpayerKind.General));

    /// <summary>The wire name of a <see cref="TaxpayerKind"/>.</summary>
    public static TaxpayerKind ToWire(this Ledger.TaxpayerKind value) => TaxpayerKindMap.ToWire(value);

    /// <summary>The books' <c>TaxpayerKind</c> for a wire name.</summary>
    public static Ledger.TaxpayerKind ToCore(this TaxpayerKind value) => TaxpayerKindMap.ToCore(value);

    private static readonly WireEnum<Ledger.AccountType, AccountType> AccountTypeMap = new(
        (Ledger.AccountType.Asset, AccountType.Asset),
        (Ledger.AccountType.Liability, AccountType.Liability),
        (Ledger.AccountType.NetAssets, AccountType.NetAssets),
        (Ledger.AccountType.Revenue, AccountType.Revenue),
        (Ledger.AccountType.Expense, AccountType.Expense),
        (Ledger.AccountType.Memo, AccountType.Memo));

    /// <summary>The wire name of a <see cref="AccountType"/>.</summary>
    public static AccountType ToWire(this Ledger.AccountType value) => AccountTypeMap.ToWire(value);

    /// <summary>The books' <c>AccountType</c> for a wire name.</summary>
    public static Ledger.AccountType ToCore(this AccountType value) => AccountTypeMap.ToCore(value);

    private static readonly WireEnum<Ledger.Side, Side> SideMap = new(
        (Ledger.Side.Debit, Side.Debit),
        (Ledger.Side.Credit, Side.Credit));

    /// <summary>The wire name of a <see cref="Side"/>.</summary>
    public static Side ToWire(this Ledger.Side value) => SideMap.ToWire(value);

    /// <summary>The books' <c>Side</c> for a wire name.</summary>
    public static Ledger.Side ToCore(this Side value) => SideMap.ToCore(value);
}
