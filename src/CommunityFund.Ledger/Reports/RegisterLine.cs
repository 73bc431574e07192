using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>One line of an account register.</summary>
/// <param name="Date">The accounting date.</param>
/// <param name="Sequence">The journal's sequence.</param>
/// <param name="Journal">The journal.</param>
/// <param name="Kind">The journal's kind.</param>
/// <param name="Memo">The journal's memo.</param>
/// <param name="Debit">The debit amount (zero for a credit line).</param>
/// <param name="Credit">The credit amount (zero for a debit line).</param>
/// <param name="Balance">The running balance after the line (debit positive).</param>
public sealed record RegisterLine(LocalDate Date, long Sequence, JournalId Journal, JournalKind Kind, string Memo, Money Debit, Money Credit, Money Balance);
