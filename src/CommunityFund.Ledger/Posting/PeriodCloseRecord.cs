using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>
/// The record of a period close, written in the same transaction as the period lock it moved, whether or not the close
/// posted closing journals: one per closed month, ordered after the journal that was the head when the lock moved
/// (<see cref="AfterSequence"/>). A change feed reads it as the one event of the close (<see cref="PeriodCloseRecords"/>).
/// </summary>
/// <param name="Id">The close's id (a UUIDv7), stable: an event built from it keeps it.</param>
/// <param name="Period">The month closed.</param>
/// <param name="ClosedThrough">The books are closed through this day.</param>
/// <param name="ClosingJournals">The closing journals the close posted before locking (none when nothing was left to close).</param>
/// <param name="ClosedAt">When the lock moved.</param>
/// <param name="AfterSequence">The ledger's head sequence when the lock moved: the close comes after that journal.</param>
public sealed record PeriodCloseRecord(Guid Id, YearMonth Period, LocalDate ClosedThrough, ImmutableArray<JournalId> ClosingJournals, Instant ClosedAt, long AfterSequence);
