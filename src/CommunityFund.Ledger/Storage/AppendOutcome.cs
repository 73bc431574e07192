using NodaTime;

namespace CommunityFund.Storage;

/// <summary>How an append ended. Anything but <see cref="Appended"/> means nothing was written.</summary>
public enum AppendOutcome
{
    /// <summary>The journals, lines, balance changes and idempotency record were written together.</summary>
    Appended = 1,

    /// <summary>Another writer appended first; rebuild on the new head.</summary>
    HeadMoved = 2,

    /// <summary>Another writer took the idempotency key first.</summary>
    IdempotencyKeyTaken = 3,

    /// <summary>Another writer reversed the same journal first.</summary>
    AlreadyReversed = 4,

    /// <summary>A period was closed meanwhile and a journal's date falls in it.</summary>
    PeriodClosed = 5,

    /// <summary>The ledger does not exist.</summary>
    LedgerNotFound = 6,
}
