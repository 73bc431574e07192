using System.Collections.Immutable;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>The part of a trial balance in one unit: monetary CNY, or one memo unit.</summary>
/// <param name="Unit">The unit.</param>
/// <param name="IsMemo"><c>true</c> for memo accounts, which never mix with the monetary section.</param>
/// <param name="Rows">One row per account with postings, by code.</param>
/// <param name="TotalDebitBalance">The sum of debit balances.</param>
/// <param name="TotalCreditBalance">The sum of credit balances.</param>
public sealed record TrialBalanceSection(Currency Unit, bool IsMemo, ImmutableArray<TrialBalanceRow> Rows, Money TotalDebitBalance, Money TotalCreditBalance)
{
    /// <summary><c>true</c> when debit and credit balances are equal, as double entry guarantees.</summary>
    public bool IsBalanced => TotalDebitBalance == TotalCreditBalance;
}
