namespace CommunityFund.Api.Apis;

/// <summary>
/// How long an amount owed to the community fund has been unpaid, counted in days from the end of the month it
/// accrued in (see ADR 0011).
/// </summary>
public enum AgeBucket
{
    /// <summary>0 to 30 days (the month just ended, or the current month).</summary>
    Days0To30 = 1,

    /// <summary>31 to 90 days.</summary>
    Days31To90 = 2,

    /// <summary>More than 90 days: the audit warns of it (<c>fund.share_overdue</c>).</summary>
    Over90Days = 3,
}

/// <summary>The wire names of the distributionreports enums, member by member.</summary>
internal static partial class WireEnums
{
    private static readonly WireEnum<Economy.AgeBucket, AgeBucket> AgeBucketMap = new(
        (Economy.AgeBucket.Days0To30, AgeBucket.Days0To30),
        (Economy.AgeBucket.Days31To90, AgeBucket.Days31To90),
        (Economy.AgeBucket.Over90Days, AgeBucket.Over90Days));

    /// <summary>The wire name of a <see cref="AgeBucket"/>.</summary>
    public static AgeBucket ToWire(this Economy.AgeBucket value) => AgeBucketMap.ToWire(value);

    /// <summary>The books' <c>AgeBucket</c> for a wire name.</summary>
    public static Economy.AgeBucket ToCore(this AgeBucket value) => AgeBucketMap.ToCore(value);
}
