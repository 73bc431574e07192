using System.Collections.Immutable;
using CommunityFund.Utility;

namespace CommunityFund.Ledger;

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
