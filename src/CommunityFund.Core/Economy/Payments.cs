using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>
/// The rule every payment command follows (settlements, grants, repayments): money leaves an account only when the
/// account holds it. A bank or cash account of the books never goes into credit through a command; an overdraft is not
/// something a community fund or a social organisation can book without a loan behind it.
/// </summary>
public static class Payments
{
    /// <summary>The refusal when <paramref name="account"/> of <paramref name="entity"/> holds less than
    /// <paramref name="amount"/>, naming the balance, the payment and the shortfall; <c>null</c> when it holds enough.</summary>
    /// <param name="balances">The entity's balances (others are ignored).</param>
    /// <param name="entity">The paying entity.</param>
    /// <param name="account">The account paid from.</param>
    /// <param name="amount">The payment.</param>
    /// <param name="field">The request field the amount came from.</param>
    /// <returns>The refusal, or <c>null</c>.</returns>
    public static PostingError? CheckFunds(IEnumerable<AccountBalance> balances, EntityId entity, AccountCode account, Money amount, string field)
    {
        ArgumentNullException.ThrowIfNull(balances);
        var held = balances.Where(b => b.Entity == entity && b.Account == account && b.Unit == amount.Currency).Sum(b => checked(b.DebitMinorUnits - b.CreditMinorUnits));
        if (held >= amount.MinorUnits)
        {
            return null;
        }

        var balance = Money.FromMinorUnits(held, amount.Currency);
        return new PostingError(EconomyErrorCodes.InsufficientFunds,
            $"{entity} {account} holds {balance}; a payment of {amount} would leave it {balance - amount}.", field)
        {
            Figures = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["account"] = account.Value,
                ["balance"] = balance.ToAmountString(),
                ["payment"] = amount.ToAmountString(),
                ["shortfall"] = (amount - balance).ToAmountString(),
            },
        };
    }
}
