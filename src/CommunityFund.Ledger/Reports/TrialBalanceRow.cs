using CommunityFund.Ledger;

namespace CommunityFund.Reports;

/// <summary>One account's line in a trial balance.</summary>
/// <param name="Account">The account code.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Type">The account type.</param>
/// <param name="Debits">The sum of debits.</param>
/// <param name="Credits">The sum of credits.</param>
/// <param name="DebitBalance">The balance when it lies on the debit side, else zero.</param>
/// <param name="CreditBalance">The balance when it lies on the credit side, else zero.</param>
public sealed record TrialBalanceRow(AccountCode Account, string NameZh, string NameEn, AccountType Type, Money Debits, Money Credits, Money DebitBalance, Money CreditBalance);
