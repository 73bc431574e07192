using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Reports;

/// <summary>An official statement format: its code (会民非01表), title, columns and rows, as data.</summary>
/// <param name="Form">The form.</param>
/// <param name="Profile">The books it is for.</param>
/// <param name="Code">The form's official number, such as 会民非01表.</param>
/// <param name="TitleZh">The official title.</param>
/// <param name="TitleEn">The English title.</param>
/// <param name="Columns">The amount columns, in the form's order.</param>
/// <param name="Rows">The rows, in the form's order.</param>
public sealed record PrescribedLayout(PrescribedForm Form, AccountingProfile Profile, string Code, string TitleZh, string TitleEn, ImmutableArray<PrescribedColumn> Columns, ImmutableArray<PrescribedRow> Rows)
{
    /// <summary><c>true</c> for a statement of a period (业务活动表, 利润表), dated by month; <c>false</c> for a balance
    /// sheet, dated by day.</summary>
    public bool IsForPeriod => Columns.Any(c => c.Period is PrescribedPeriod.Month or PrescribedPeriod.YearToDate);

    /// <summary><c>true</c> for a cash-flow statement (会民非03表, 会小企03表), built from the journals' cash lines.</summary>
    public bool IsCashFlow => Form is PrescribedForm.NpoCashFlow or PrescribedForm.SmeCashFlow;

    /// <summary><c>true</c> when the form has two header rows (本月数 / 本年累计数 over 非限定性 / 限定性 / 合计).</summary>
    public bool HasColumnGroups => Columns.Any(c => c.GroupZh is not null);

    /// <summary>The rows an account's amount goes into (lines only; 其中 rows are parts of a line, not counted).</summary>
    /// <param name="chart">The chart the account belongs to.</param>
    /// <param name="account">The account.</param>
    /// <returns>The rows; exactly one for an account the form maps, none for an excluded one.</returns>
    public ImmutableArray<PrescribedRow> LinesFor(ChartOfAccounts chart, AccountCode account) =>
        [.. Rows.Where(r => r.Kind == PrescribedRowKind.Line && r.Reads(chart, account))];
}
