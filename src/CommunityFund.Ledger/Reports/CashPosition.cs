using CommunityFund.Ledger;

namespace CommunityFund.Reports;

/// <summary>
/// What a 民非 entity's money is held for: its cash (现金, 银行存款, 其他货币资金), the unspent balances donors restricted
/// (限定性净资产 still available for their purposes), the part of those restrictions held as donated goods rather than
/// money, and what it owes as agent beyond the agency assets it holds separately. The rest is what the entity may spend
/// on its own, unrestricted purposes (公益事业捐赠法 第十八条: donated property is used as the donor restricted it).
/// </summary>
/// <param name="Entity">The entity.</param>
/// <param name="Cash">Money on hand, in the bank and in transit (1001, 1002, 1009 and their sub-accounts).</param>
/// <param name="Restricted">The sum of the restrictions' available balances (overspent restrictions count as zero).</param>
/// <param name="GoodsHeld">Donated goods still held (1201.01), which back restricted in-kind gifts before money does.</param>
/// <param name="Agency">Agency liabilities (2601) not matched by agency assets (1701): owed as agent out of the cash.</param>
public sealed record CashPosition(EntityId Entity, Money Cash, Money Restricted, Money GoodsHeld, Money Agency)
{
    /// <summary>The cash that must stay in hand for restrictions and agency: the restrictions not backed by donated
    /// goods, plus the agency owed out of cash.</summary>
    public Money HeldForOthers
    {
        get
        {
            var restrictedInCash = Restricted - GoodsHeld;
            return (restrictedInCash.IsNegative ? Money.Zero(Currency.CNY) : restrictedInCash) + Agency;
        }
    }

    /// <summary>What unrestricted spending may still take: <see cref="Cash"/> − <see cref="HeldForOthers"/> (negative
    /// when the cash already falls short of what it holds for others).</summary>
    public Money Available => Cash - HeldForOthers;

    /// <summary><c>true</c> when the entity holds money for restrictions or agency and its cash is below that.</summary>
    public bool IsShort => HeldForOthers.IsPositive && Available.IsNegative;

    /// <summary>The figures by name, as refusals and findings report them (amounts with two decimals).</summary>
    public IReadOnlyDictionary<string, string> Figures() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["cash"] = Cash.ToAmountString(),
        ["restricted"] = Restricted.ToAmountString(),
        ["goodsHeld"] = GoodsHeld.ToAmountString(),
        ["agency"] = Agency.ToAmountString(),
        ["available"] = Available.ToAmountString(),
    };
}
