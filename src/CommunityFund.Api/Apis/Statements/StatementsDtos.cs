using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A statement in its official format (<c>layout=prescribed</c>): the form's code and title, 编制单位, the date,
/// 单位：元, the columns and every row with its 行次, zero rows included.</summary>
/// <param name="Form">The form: <c>NpoBalanceSheet</c>, <c>NpoActivities</c>, <c>SmeBalanceSheet</c> or <c>SmeIncome</c>.</param>
/// <param name="Code">The official form number, such as 会民非01表.</param>
/// <param name="TitleZh">The official title.</param>
/// <param name="TitleEn">The English title.</param>
/// <param name="Entity">The entity.</param>
/// <param name="EntityName">编制单位.</param>
/// <param name="Date">The statement's date.</param>
/// <param name="DateZh">The date as printed on the form (2026年12月31日, or 2026年12月 for a period statement).</param>
/// <param name="YearStart">The first day of 本年累计 (the 年初 balances are those of the day before).</param>
/// <param name="MonthStart">The first day of 本月.</param>
/// <param name="Unit">单位：元.</param>
/// <param name="Columns">The amount columns.</param>
/// <param name="Rows">The rows, in the form's order.</param>
public sealed record PrescribedStatementDto(string Form, string Code, string TitleZh, string TitleEn, EntityId Entity, string EntityName, LocalDate Date, string DateZh,
    LocalDate YearStart, LocalDate MonthStart, string Unit, ImmutableArray<PrescribedColumnDto> Columns, ImmutableArray<PrescribedRowDto> Rows)
{
    /// <summary>Maps the kernel's statement.</summary>
    public static PrescribedStatementDto FromCore(PrescribedStatement value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var layout = value.Layout;
        return new(layout.Form.ToString(), layout.Code, layout.TitleZh, layout.TitleEn, value.Entity, value.EntityName, value.Date, value.DateZh, value.YearStart, value.MonthStart,
            PrescribedStatement.UnitZh,
            [.. layout.Columns.Select(c => new PrescribedColumnDto(c.Key, c.NameZh, c.NameEn, c.GroupZh, c.GroupEn))],
            [.. value.Lines.Select(l => new PrescribedRowDto(l.Row.Number, l.Row.NameZh, l.Row.NameEn, l.Row.Kind.ToString().ToLowerInvariant(), l.Row.Indent, l.Amounts))]);
    }
}

/// <summary>A column of a prescribed statement.</summary>
/// <param name="Key">Its machine name (also the CSV header).</param>
/// <param name="NameZh">The official heading.</param>
/// <param name="NameEn">The English heading.</param>
/// <param name="GroupZh">The heading above it (本月数, 本年累计数), if the form has two header rows.</param>
/// <param name="GroupEn">The English group heading.</param>
public sealed record PrescribedColumnDto(string Key, string NameZh, string NameEn, string? GroupZh, string? GroupEn);

/// <summary>A row of a prescribed statement.</summary>
/// <param name="LineNo">The 行次 (absent for a heading).</param>
/// <param name="NameZh">The official label.</param>
/// <param name="NameEn">The English label.</param>
/// <param name="Kind"><c>heading</c>, <c>line</c>, <c>detail</c> (其中), <c>total</c>, <c>release</c>, <c>unclassified</c> (cash moved
/// without a cash-flow item: not a row of the official form, no 行次) or <c>cashatstart</c> (期初现金余额).</param>
/// <param name="Indent">The label's indentation.</param>
/// <param name="Amounts">One amount per column (none for a heading).</param>
public sealed record PrescribedRowDto(int? LineNo, string NameZh, string NameEn, string Kind, int Indent, ImmutableArray<Money> Amounts);
