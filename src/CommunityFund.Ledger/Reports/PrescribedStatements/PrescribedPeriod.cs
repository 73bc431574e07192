namespace CommunityFund.Reports;

/// <summary>What a column of a prescribed form measures, relative to the statement's date.</summary>
public enum PrescribedPeriod
{
    /// <summary>年初数 / 年初余额: balances at the end of the previous year, or the opening balances when the books
    /// started later in the year (the day before the later of 1 January and the books' start).</summary>
    StartOfYear = 1,

    /// <summary>期末数 / 期末余额: balances at the statement's date.</summary>
    End = 2,

    /// <summary>本月数 / 本月金额: the movement from the first of the date's month (or the books' start) to the date.</summary>
    Month = 3,

    /// <summary>本年累计数 / 本年累计金额: the movement from 1 January (or the books' start) to the date.</summary>
    YearToDate = 4,
}
