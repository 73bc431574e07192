using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>A month closed: the new lock date and the closing journals posted for it.</summary>
/// <param name="Period">The month.</param>
/// <param name="ClosedThrough">The books are closed through this day.</param>
/// <param name="ClosingJournals">The closing journals posted (none when nothing was left to close).</param>
public sealed record PeriodClosed(YearMonth Period, LocalDate ClosedThrough, ImmutableArray<JournalId> ClosingJournals);
