using CommunityFund.Ledger;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>The totals of a statement file's rows, as read (and, for the channel bills, checked against the file's own
/// summary or footer).</summary>
/// <param name="Rows">How many rows.</param>
/// <param name="In">The sum of the payments (a bank statement: the credits).</param>
/// <param name="Out">The sum of the refunds (a bank statement: the debits).</param>
/// <param name="Fees">The payments' fees less the fees returned on refunds (a bank statement: zero).</param>
public sealed record StatementTotals(int Rows, Money In, Money Out, Money Fees)
{
    /// <summary>No rows, in yuan.</summary>
    public static StatementTotals Empty { get; } = new(0, Money.Zero(Currency.CNY), Money.Zero(Currency.CNY), Money.Zero(Currency.CNY));
}
