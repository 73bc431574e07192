using System.Collections.Immutable;
using CommunityFund.Posting;

namespace CommunityFund.Reports;

/// <summary>The result of an integrity check.</summary>
/// <param name="Chain">The hash-chain verification.</param>
/// <param name="BalanceMismatches">Maintained balances that differ from the journals (empty when all agree).</param>
public sealed record IntegrityReport(ChainVerification Chain, ImmutableArray<BalanceMismatch> BalanceMismatches)
{
    /// <summary><c>true</c> when the chain is intact and every maintained balance equals its rebuild.</summary>
    public bool IsSound => Chain.IsIntact && BalanceMismatches.IsEmpty;
}
