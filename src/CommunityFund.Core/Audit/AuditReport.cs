using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Audit;

/// <summary>The audit of a ledger: what was checked and every finding (empty when everything holds).</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="JournalsChecked">Journals read.</param>
/// <param name="Head">The chain head the audit ended at.</param>
/// <param name="CheckpointsVerified">Kept checkpoints the books still extend.</param>
/// <param name="Findings">The findings, errors first.</param>
public sealed record AuditReport(LedgerId Ledger, long JournalsChecked, ChainCheckpoint Head, int CheckpointsVerified, ImmutableArray<AuditFinding> Findings)
{
    /// <summary><c>true</c> when there is no error finding.</summary>
    public bool IsSound => Findings.All(f => f.Severity != FindingSeverity.Error);
}
