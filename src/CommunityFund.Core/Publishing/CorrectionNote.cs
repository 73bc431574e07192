using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Publishing;

/// <summary>A correction of a published month (更正说明): a journal of the month reversed after publication. The month's
/// snapshot never changes; the note says what changed, why, when, and under which sequence.</summary>
/// <param name="Sequence">The reversing journal's sequence.</param>
/// <param name="Reversal">The reversing journal.</param>
/// <param name="Reversed">The journal of the published month it reverses.</param>
/// <param name="Kind">What the reversed journal recorded (a donation, a grant…).</param>
/// <param name="What">The reversed journal's memo.</param>
/// <param name="Why">The reversal's memo (its reason).</param>
/// <param name="RecordedAt">When the reversal was recorded.</param>
/// <param name="Amount">The amount reversed on the fund's books (the sum of its debits there; zero if it touched other entities only).</param>
public sealed record CorrectionNote(long Sequence, JournalId Reversal, JournalId Reversed, JournalKind Kind, string What, string Why, Instant RecordedAt, Money Amount);
