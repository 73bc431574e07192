using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>One month of one provider's fund shares that the fund has not yet received, as of the schedule's date.</summary>
/// <param name="Provider">The provider that owes the share.</param>
/// <param name="Fund">The community-fund entity it is owed to.</param>
/// <param name="Month">The month the shares accrued in (the date of their distribution journals).</param>
/// <param name="AgedFrom">The last day of <paramref name="Month"/>, from which the age is counted.</param>
/// <param name="AgeDays">Days from <paramref name="AgedFrom"/> to the schedule's date; 0 while the month is not over.</param>
/// <param name="Bucket">The age bucket.</param>
/// <param name="Accrued">The fund shares distributed in the month (the provider's credits to its payable to the fund).</param>
/// <param name="Reversed">The fund shares reversed by refunds dated in the month (the refunds' fund statement items).</param>
/// <param name="Received">What of the month's accruals and reversals is on statements settled by the schedule's date.</param>
/// <param name="CreditApplied">Reversals of later months not yet received, applied to this month (oldest first).</param>
/// <param name="Outstanding">What is still owed for the month: accrued − reversed − received − credit applied; always positive.</param>
public sealed record FundReceivableRow(
    EntityId Provider, EntityId Fund, YearMonth Month, LocalDate AgedFrom, int AgeDays, AgeBucket Bucket,
    Money Accrued, Money Reversed, Money Received, Money CreditApplied, Money Outstanding);
