namespace CommunityFund.Community;

/// <summary>
/// The ledger's policy for the donated use of assets (the gap between fair value and what is paid): kept in the memo
/// ledger only (民非 2004, the default), or also recognised at fair value (Dr expense / Cr donation revenue), as US GAAP
/// and the 2026 民非 standard may require. Every journal it shapes records which one applied.
/// </summary>
public enum DonatedUse
{
    /// <summary>The fair value forgone goes to the memo ledger (M400) only.</summary>
    MemoOnly = 1,

    /// <summary>The fair value forgone is also recognised as an expense and a donation (or a non-cash exchange).</summary>
    RecognizeAtFairValue = 2,
}
