namespace CommunityFund.Economy;

/// <summary>How far the matcher looks. A sale carries a date, not a time: a row matches it by amount when the row's
/// time lies within the sale's day widened by <see cref="ToleranceMinutes"/> on each side (default 1440: the day before
/// to the day after).</summary>
public sealed record MatchOptions
{
    /// <summary>The tolerance around the sale's day, in minutes (0 to 43,200).</summary>
    public int ToleranceMinutes { get; init; } = 1440;

    /// <summary>How many days after the last day of a batch its payout may reach the bank (0 to 31).</summary>
    public int SettlementWindowDays { get; init; } = 7;

    /// <summary>How many consecutive days of a channel's rows one bank credit may pay out (1 to 31).</summary>
    public int MaxSettlementDays { get; init; } = 7;
}
