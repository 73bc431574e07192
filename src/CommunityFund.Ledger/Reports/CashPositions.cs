using CommunityFund.Ledger;
using CommunityFund.Storage;

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

/// <summary>Computes <see cref="CashPosition"/>s from the maintained balances and the restrictions rebuilt from the
/// journals.</summary>
public static class CashPositions
{
    private static readonly AccountCode CashOnHand = AccountCode.Parse("1001");
    private static readonly AccountCode Bank = AccountCode.Parse("1002");
    private static readonly AccountCode OtherMonetary = AccountCode.Parse("1009");
    private static readonly AccountCode CompanyOtherMonetary = AccountCode.Parse("1012");
    private static readonly AccountCode DonatedGoods = AccountCode.Parse("1201.01");
    private static readonly AccountCode AgencyAssets = AccountCode.Parse("1701");
    private static readonly AccountCode AgencyLiabilities = AccountCode.Parse("2601");

    /// <summary><c>true</c> for an account that holds money: cash on hand (1001), bank deposits (1002) and money in transit
    /// (民非 1009, 小企业 1012), with their sub-accounts.</summary>
    /// <param name="account">The account.</param>
    /// <returns>Whether it is cash.</returns>
    public static bool IsCash(AccountCode account) =>
        account.Root == CashOnHand || account.Root == Bank || account.Root == OtherMonetary || account.Root == CompanyOtherMonetary;

    /// <summary>The position of one 民非 entity now.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The position.</returns>
    public static async Task<CashPosition> ComputeAsync(ILedgerStore store, LedgerId ledger, EntityId entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var restrictions = await RestrictionBalances.ComputeAsync(store, ledger, entity, null, cancellationToken).ConfigureAwait(false);
        var balances = await store.GetBalancesAsync(ledger, entity, null, cancellationToken).ConfigureAwait(false);
        return Of(entity, restrictions, balances);
    }

    /// <summary>The position of an entity from its balances and restrictions.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="restrictions">Its restrictions (others are ignored).</param>
    /// <param name="balances">Its account balances (others are ignored).</param>
    /// <returns>The position.</returns>
    public static CashPosition Of(EntityId entity, IEnumerable<RestrictionBalance> restrictions, IEnumerable<AccountBalance> balances)
    {
        ArgumentNullException.ThrowIfNull(restrictions);
        ArgumentNullException.ThrowIfNull(balances);
        long cash = 0, goods = 0, agencyAssets = 0, agencyLiabilities = 0;
        foreach (var balance in balances.Where(b => b.Entity == entity && b.Unit == Currency.CNY))
        {
            var net = checked(balance.DebitMinorUnits - balance.CreditMinorUnits);
            if (IsCash(balance.Account))
            {
                cash = checked(cash + net);
            }
            else if (balance.Account.IsWithin(DonatedGoods))
            {
                goods = checked(goods + net);
            }
            else if (balance.Account.Root == AgencyAssets)
            {
                agencyAssets = checked(agencyAssets + net);
            }
            else if (balance.Account.Root == AgencyLiabilities)
            {
                agencyLiabilities = checked(agencyLiabilities - net);
            }
        }

        var restricted = restrictions.Where(r => r.Entity == entity && r.Available.IsPositive).Sum(r => r.Available.MinorUnits);
        return new CashPosition(entity, Fen(cash), Fen(restricted), Fen(Math.Max(goods, 0)), Fen(Math.Max(agencyLiabilities - agencyAssets, 0)));
    }

    private static Money Fen(long minorUnits) => Money.FromMinorUnits(minorUnits, Currency.CNY);
}
