using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Audit;

/// <summary>How serious a finding is.</summary>
public enum FindingSeverity
{
    /// <summary>Needs a look, but the books are not wrong (e.g. a restriction overspent through manual journals).</summary>
    Warning = 1,

    /// <summary>The books are wrong or were tampered with.</summary>
    Error = 2,
}
