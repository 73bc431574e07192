using System.Collections.Immutable;

namespace CommunityFund.Economy;

/// <summary>What matching found (or, recorded, did): the new matches, and what is left unmatched on each side.</summary>
/// <param name="Matches">The new matches (a dry run: proposals, not recorded).</param>
/// <param name="UnmatchedRows">Statement rows left unmatched (channel rows, and bank credits), with their age.</param>
/// <param name="UnmatchedBook">Sales and refunds left unmatched, with their age.</param>
public sealed record MatchResult(ImmutableArray<PaymentMatch> Matches, ImmutableArray<UnmatchedRow> UnmatchedRows, ImmutableArray<UnmatchedBookPayment> UnmatchedBook)
{
    /// <summary><c>true</c> for a dry run: nothing was recorded.</summary>
    public bool DryRun { get; init; }

    /// <summary>The clearing journals posted for the settlement batches (empty for a dry run).</summary>
    public ImmutableArray<CommunityFund.Ledger.JournalId> Clearings { get; init; } = [];
}
