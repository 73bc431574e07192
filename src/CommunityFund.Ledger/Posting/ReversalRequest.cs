using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>A request to reverse (红字冲销) a posted journal.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Journal">The journal to reverse.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="Date">The accounting date of the reversal; today in the ledger's time zone when <c>null</c>. Must be
/// on or after the original's date and in an open period.</param>
/// <param name="IdempotencyKey">The client's key, or <c>null</c>.</param>
public sealed record ReversalRequest(LedgerId Ledger, JournalId Journal, string Reason, LocalDate? Date = null, string? IdempotencyKey = null);
