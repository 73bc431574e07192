using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>One day of one entity's channel in the payment reconciliation: the books' in-transit movements against the
/// channel's statement. Statement amounts are signed: payments positive, refunds negative.</summary>
/// <param name="Date">The day.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Channel">WeChat Pay or Alipay.</param>
/// <param name="InTransitDebits">Debits of the channel's in-transit account (1009.x / 1012.x) that day: money received.</param>
/// <param name="InTransitCredits">Credits of it that day: refunds paid and clearings to the bank.</param>
/// <param name="Rows">The statement's rows that day.</param>
/// <param name="RowsAmount">Their amount, refunds negative.</param>
/// <param name="MatchedRows">Rows of that day a standing match covers.</param>
/// <param name="MatchedAmount">Their amount.</param>
/// <param name="UnmatchedRows">Rows of that day no match covers.</param>
/// <param name="UnmatchedRowsAmount">Their amount.</param>
/// <param name="UnmatchedBook">Sales and refunds of that day no match covers.</param>
/// <param name="UnmatchedBookAmount">Their amount, refunds negative.</param>
/// <param name="Fees">The channel's fees on the day's rows, net of fees returned on refunds.</param>
public sealed record PaymentReconciliationDay(
    LocalDate Date, EntityId Entity, PaymentChannel Channel, Money InTransitDebits, Money InTransitCredits,
    int Rows, Money RowsAmount, int MatchedRows, Money MatchedAmount, int UnmatchedRows, Money UnmatchedRowsAmount,
    int UnmatchedBook, Money UnmatchedBookAmount, Money Fees);
