using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>A match undone by hand.</summary>
/// <param name="Reason">Why.</param>
/// <param name="By">Who.</param>
/// <param name="At">When.</param>
/// <param name="Reversal">The journal that reversed the match's clearing, if it had one.</param>
public sealed record PaymentUnmatch(string Reason, string? By, Instant At, JournalId? Reversal);
