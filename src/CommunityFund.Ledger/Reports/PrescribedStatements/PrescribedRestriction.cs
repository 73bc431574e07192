namespace CommunityFund.Reports;

/// <summary>Which accounts a row or column of a 民非 form reads by their restriction class.</summary>
public enum PrescribedRestriction
{
    /// <summary>Every account.</summary>
    Any = 0,

    /// <summary>Accounts that are not restricted (非限定性).</summary>
    Unrestricted = 1,

    /// <summary>Restricted accounts (限定性): those requiring the restriction dimension, and 3102.</summary>
    Restricted = 2,
}
