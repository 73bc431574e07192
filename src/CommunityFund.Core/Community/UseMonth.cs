using NodaTime;

namespace CommunityFund.Community;

/// <summary>One month of use posted under an agreement: the memo of the fair rent forgone (lease) or of the resources
/// received (swap) for one agreement month, and, when <see cref="Recognised"/>, the same value recognised in the
/// operator's statements (donated use as expense and donation revenue; a swap as a non-cash exchange).</summary>
/// <param name="From">The month's first day.</param>
/// <param name="To">The month's last day (the agreement's last day for a month cut short); the journals are dated on it.</param>
/// <param name="Value">The value of the month's use in CNY.</param>
/// <param name="Recognised"><c>true</c> when the ledger's policy was <see cref="DonatedUse.RecognizeAtFairValue"/> when
/// the month was posted, so a termination also reverses the recognition of any part not used.</param>
public sealed record UseMonth(LocalDate From, LocalDate To, Money Value, bool Recognised);
