namespace CommunityFund.Reports;

/// <summary>What a row of a prescribed form holds.</summary>
public enum PrescribedRowKind
{
    /// <summary>A heading (流动资产：, 一、收入): no amounts.</summary>
    Heading = 1,

    /// <summary>A line adding accounts; every account of the chart is on exactly one such line of a form or excluded.</summary>
    Line = 2,

    /// <summary>A 其中 (of which) row: part of the line above, not added into any total, not counted in the mapping.</summary>
    Detail = 3,

    /// <summary>A subtotal or total of other rows, by row number (行次), added or subtracted.</summary>
    Total = 4,

    /// <summary>限定性净资产转为非限定性净资产: the releases recorded by the period closes in the range.</summary>
    Release = 5,

    /// <summary>Cash moved on lines that name no cash-flow item, net per journal (a transfer between cash accounts nets to
    /// zero): not a row of the official form, shown so the net increase still ties to the balance sheet (ADR 0020).</summary>
    Unclassified = 6,

    /// <summary>期初现金余额: the cash (货币资金) at the start of the column's period.</summary>
    CashAtStart = 7,
}
