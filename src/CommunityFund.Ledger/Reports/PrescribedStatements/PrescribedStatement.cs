using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>A statement in an official format, for one entity at one date.</summary>
/// <param name="Layout">The form's layout.</param>
/// <param name="Entity">The entity.</param>
/// <param name="EntityName">编制单位: the entity's name.</param>
/// <param name="Date">The statement's date (a balance sheet's date; the last day of a period statement).</param>
/// <param name="YearStart">The first day of the 本年累计 range, and the day after the 年初 balances.</param>
/// <param name="MonthStart">The first day of the 本月 range.</param>
/// <param name="Lines">The rows with their amounts, in the form's order.</param>
public sealed record PrescribedStatement(PrescribedLayout Layout, EntityId Entity, string EntityName, LocalDate Date, LocalDate YearStart, LocalDate MonthStart, ImmutableArray<PrescribedLine> Lines)
{
    /// <summary>The unit line of the form.</summary>
    public const string UnitZh = "单位：元";

    /// <summary>The date as the form prints it: 2026年12月31日 for a balance sheet, 2026年12月 for a period statement.</summary>
    public string DateZh => Layout.IsForPeriod
        ? string.Create(CultureInfo.InvariantCulture, $"{Date.Year}年{Date.Month}月")
        : string.Create(CultureInfo.InvariantCulture, $"{Date.Year}年{Date.Month}月{Date.Day}日");

    /// <summary>The amount of a row (by 行次) in a column (by index).</summary>
    /// <param name="number">The 行次.</param>
    /// <param name="column">The column's index in the layout.</param>
    /// <returns>The amount.</returns>
    /// <exception cref="KeyNotFoundException">The form has no such row.</exception>
    public Money Amount(int number, int column) =>
        Lines.FirstOrDefault(l => l.Row.Number == number && l.Row.Kind != PrescribedRowKind.Heading)?.Amounts[column]
        ?? throw new KeyNotFoundException($"{Layout.Code} has no row {number}.");

    /// <summary>The amount of a row (by 行次) in a column (by key, such as <c>end</c> or <c>year_total</c>).</summary>
    /// <param name="number">The 行次.</param>
    /// <param name="columnKey">The column's key.</param>
    /// <returns>The amount.</returns>
    public Money Amount(int number, string columnKey) =>
        Amount(number, Layout.Columns.Select((c, i) => (c, i)).Single(x => x.c.Key == columnKey).i);
}
