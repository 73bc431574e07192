namespace CommunityFund.Reports;

/// <summary>The statements in the official formats (see ADR 0016).</summary>
public enum PrescribedForm
{
    /// <summary>资产负债表 of a 民非 (会民非01表): 年初数 / 期末数.</summary>
    NpoBalanceSheet = 1,

    /// <summary>业务活动表 of a 民非 (会民非02表): 本月数 and 本年累计数, each 非限定性 / 限定性 / 合计.</summary>
    NpoActivities = 2,

    /// <summary>资产负债表 of a small enterprise (会小企01表): 期末余额 / 年初余额.</summary>
    SmeBalanceSheet = 3,

    /// <summary>利润表 of a small enterprise (会小企02表): 本年累计金额 / 本月金额.</summary>
    SmeIncome = 4,

    /// <summary>现金流量表 of a 民非 (会民非03表), direct method: 金额 for the year to date.</summary>
    NpoCashFlow = 5,

    /// <summary>现金流量表 of a small enterprise (会小企03表): 本年累计金额 / 本月金额.</summary>
    SmeCashFlow = 6,
}
