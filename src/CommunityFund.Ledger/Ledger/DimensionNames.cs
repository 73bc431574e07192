using System.Collections.Immutable;

namespace CommunityFund.Ledger;

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

    /// <summary>The line of the cash-flow statement a movement of cash belongs to (现金流量项目): the
    /// <see cref="CashFlowItem.Code"/> of a <see cref="CashFlowItem"/>, on lines of cash accounts only (ADR 0020).</summary>
    public const string CashFlow = "cashflow";

    /// <summary>Every known dimension name, sorted.</summary>
    public static ImmutableSortedSet<string> All { get; } =
        ImmutableSortedSet.Create(StringComparer.Ordinal, Agreement, CashFlow, Counterparty, Fund, Member, Programme, Restriction, Tier);
}
