namespace CommunityFund.Economy;

/// <summary>How long an amount owed to the community fund has been unpaid, counted in days from the end of the month it
/// accrued in (see ADR 0011).</summary>
public enum AgeBucket
{
    /// <summary>0 to 30 days (the month just ended, or the current month).</summary>
    Days0To30 = 1,

    /// <summary>31 to 90 days.</summary>
    Days31To90 = 2,

    /// <summary>More than 90 days: the audit warns of it (<c>fund.share_overdue</c>).</summary>
    Over90Days = 3,
}
