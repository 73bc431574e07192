namespace CommunityFund.Community;

/// <summary>The rules of a points system or time bank.</summary>
/// <param name="Unit">HOUR (time bank) or POINT (points).</param>
/// <param name="MaxBalancePerMember">The most a member may hold (e.g. 1,500 hours), or <c>null</c> for no cap.</param>
/// <param name="AllowNegative">Whether a member's balance may go below zero (default: no).</param>
public sealed record MemoUnitRules(Currency Unit, Money? MaxBalancePerMember = null, bool AllowNegative = false)
{
    /// <summary>A time bank with the usual cap of 1,500 stored hours per person.</summary>
    public static MemoUnitRules TimeBank { get; } = new(Currency.HOUR, Money.FromMinorUnits(150_000, Currency.HOUR));

    /// <summary>A points system without a cap.</summary>
    public static MemoUnitRules Points { get; } = new(Currency.POINT);
}
