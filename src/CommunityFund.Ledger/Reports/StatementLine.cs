using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>A line of a statement with unrestricted, restricted and total columns.</summary>
/// <param name="Code">The first-level account code.</param>
/// <param name="NameZh">The Chinese name.</param>
/// <param name="NameEn">The English name.</param>
/// <param name="Unrestricted">The unrestricted column (非限定性).</param>
/// <param name="Restricted">The restricted column (限定性).</param>
public sealed record StatementLine(string Code, string NameZh, string NameEn, Money Unrestricted, Money Restricted)
{
    /// <summary>The total column (合计).</summary>
    public Money Total => Unrestricted + Restricted;
}
