using System.Collections.Immutable;
using CommunityFund.Utility;

namespace CommunityFund.Ledger;

/// <summary>The side of a journal line.</summary>
public enum Side
{
    /// <summary>借 — debit.</summary>
    Debit = 1,

    /// <summary>贷 — credit.</summary>
    Credit = 2,
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

    /// <summary>备查 — memorandum account kept outside the monetary statements (time bank, points, obligations,
    /// fair rent forgone).</summary>
    Memo = 6,
}

/// <summary>Names of the dimensions a journal line may carry.</summary>
public static class DimensionNames
{
    /// <summary>The fund the amount belongs to (e.g. the community fund's special fund).</summary>
    public const string Fund = "fund";

    /// <summary>The named restriction of restricted revenue or net assets (限定性).</summary>
    public const string Restriction = "restriction";

    /// <summary>The programme or project.</summary>
    public const string Programme = "programme";

    /// <summary>The pricing tier of a service package: public-welfare, low-cost or paid.</summary>
    public const string Tier = "tier";

    /// <summary>The counterparty entity of an inter-entity amount.</summary>
    public const string Counterparty = "counterparty";

    /// <summary>The agreement (lease, swap, policy) the amount arises from.</summary>
    public const string Agreement = "agreement";

    /// <summary>A member or resident reference (pseudonymous) for memo units such as hours and points.</summary>
    public const string Member = "member";

    /// <summary>Every known dimension name, sorted.</summary>
    public static ImmutableSortedSet<string> All { get; } =
        ImmutableSortedSet.Create(StringComparer.Ordinal, Agreement, Counterparty, Fund, Member, Programme, Restriction, Tier);
}

/// <summary>
/// An account of one entity's chart: its code, its Chinese and English names, its type, normal side and unit.
/// Immutable; change it with the <c>With…</c> methods, which return a new account.
/// </summary>
public sealed record Account
{
    /// <summary>Creates an account.</summary>
    /// <param name="code">The code.</param>
    /// <param name="nameZh">The Chinese name, as in the official table.</param>
    /// <param name="nameEn">The English name.</param>
    /// <param name="type">The account type.</param>
    /// <param name="normalSide">The side on which the balance normally lies.</param>
    /// <param name="unit">The one unit this account is kept in (CNY for every monetary account).</param>
    /// <exception cref="ArgumentException">A name is blank, or a memo code is not typed <see cref="AccountType.Memo"/>
    /// or the reverse, or a monetary account is given a memo unit.</exception>
    public Account(AccountCode code, string nameZh, string nameEn, AccountType type, Side normalSide, Currency unit)
    {
        Preconditions.CheckArgument(code.Value is not null, nameof(code), "The account code is the default value.");
        Preconditions.CheckArgument(!string.IsNullOrWhiteSpace(nameZh), nameof(nameZh), "The Chinese name is required.");
        Preconditions.CheckArgument(!string.IsNullOrWhiteSpace(nameEn), nameof(nameEn), "The English name is required.");
        Preconditions.CheckNotNull(unit);
        Preconditions.CheckArgument(code.IsMemo == (type == AccountType.Memo), nameof(type),
            $"Account {code}: memo (M-) codes and only they have type Memo.");
        Preconditions.CheckArgument(type == AccountType.Memo || unit.IsMonetary, nameof(unit),
            $"Account {code}: a monetary account is kept in CNY, not {unit.Code}.");
        Code = code;
        NameZh = nameZh;
        NameEn = nameEn;
        Type = type;
        NormalSide = normalSide;
        Unit = unit;
    }

    /// <summary>The code.</summary>
    public AccountCode Code { get; }

    /// <summary>The Chinese name.</summary>
    public string NameZh { get; }

    /// <summary>The English name.</summary>
    public string NameEn { get; }

    /// <summary>The type.</summary>
    public AccountType Type { get; }

    /// <summary>The normal side of the balance.</summary>
    public Side NormalSide { get; }

    /// <summary>The one unit amounts in this account are kept in.</summary>
    public Currency Unit { get; }

    /// <summary><c>false</c> once the account is deactivated: it keeps its history but takes no new postings.</summary>
    public bool IsActive { get; init; } = true;

    /// <summary>Dimensions every line on this account must name (e.g. <c>restriction</c> on restricted revenue).</summary>
    public ImmutableSortedSet<string> RequiredDimensions { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    /// <summary><c>true</c> for memorandum accounts kept outside the monetary statements.</summary>
    public bool IsMemo => Type == AccountType.Memo;

    /// <summary>The code and Chinese name, as vouchers show them, e.g. <c>2209.01 其他应付款-应付枢纽</c>.</summary>
    public string DisplayName => $"{Code} {NameZh}";
}
