using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Reports;

/// <summary>Computes <see cref="CashPosition"/>s from the maintained balances and the restrictions rebuilt from the
/// journals.</summary>
public static class CashPositions
{
    private static readonly AccountCode DonatedGoods = AccountCode.Parse("1201.01");
    private static readonly AccountCode AgencyAssets = AccountCode.Parse("1701");
    private static readonly AccountCode AgencyLiabilities = AccountCode.Parse("2601");

    /// <summary><c>true</c> for an account that holds money: cash on hand (1001), bank deposits (1002) and money in transit
    /// (民非 1009, 小企业 1012), with their sub-accounts.</summary>
    /// <param name="account">The account.</param>
    /// <returns>Whether it is cash.</returns>
    public static bool IsCash(AccountCode account) => CashFlowItem.IsCashAccount(account);

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
