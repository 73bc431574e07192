namespace CommunityFund.Ledger;

/// <summary>The role an accounting entity plays in a community economy.</summary>
public enum EntityKind
{
    /// <summary>专业机构 / 社会组织 / 社会企业 — sells service packages, runs spaces, owes 25% + 5% of revenue.</summary>
    Provider = 1,

    /// <summary>枢纽型社会企业 — runs the platform, receives 25% to upgrade its incubation platform.</summary>
    Hub = 2,

    /// <summary>社区基金 — receives 5% plus donations and self-financing income, gives grants.</summary>
    CommunityFund = 3,

    /// <summary>社区 / 居委会 — lessor of public spaces under one-yuan leases and swaps.</summary>
    Community = 4,
}
