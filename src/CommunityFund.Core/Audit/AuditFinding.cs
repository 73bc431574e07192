using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Audit;

/// <summary>One thing the audit found.</summary>
/// <param name="Severity">How serious.</param>
/// <param name="Code">A stable code, e.g. <c>chain.broken</c>.</param>
/// <param name="Message">What is wrong, with the figures.</param>
public sealed record AuditFinding(FindingSeverity Severity, string Code, string Message)
{
    /// <summary>The first journal sequence concerned, when there is one.</summary>
    public long? Sequence { get; init; }

    /// <summary>The entity concerned, when there is one.</summary>
    public EntityId? Entity { get; init; }
}
