using CommunityFund.Ledger;
using CommunityFund.Reports;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Reports;

/// <summary>The ties of the prescribed statements (ADR 0016), over ledgers built only through the public commands (the
/// scenarios of <see cref="AuditPropertyTests"/>: sales, deliveries, refunds, settlements, donations, grants, agency
/// gifts, a lease, period closes), at the end of every month the steps reached and at the last day.</summary>
public class PrescribedStatementPropertyTests
{
    [Fact]
    public void Prescribed_Ties_HoldForLedgersBuiltThroughTheCommands() =>
        Prop.ForAll(AuditPropertyTests.Ledgers, input =>
        {
            var (hubRule, fundRule, steps) = input;
            var community = new AuditPropertyTests.Community(hubRule, fundRule);
            foreach (var step in steps)
            {
                community.Run(step);
            }

            var problems = new List<string>();
            foreach (var date in Dates(community.Today))
            {
                problems.AddRange(NpoTies(community, date));
                problems.AddRange(SmeTies(community, date));
            }

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Prescribed_CashFlowNetIncrease_EqualsTheChangeInCash_AndNothingIsUnclassified_ForLedgersBuiltThroughTheCommands() =>
        Prop.ForAll(AuditPropertyTests.Ledgers, input =>
        {
            var (hubRule, fundRule, steps) = input;
            var community = new AuditPropertyTests.Community(hubRule, fundRule);
            foreach (var step in steps)
            {
                community.Run(step);
            }

            var problems = Dates(community.Today).SelectMany(date => CashFlowTies(community, date)).ToList();

            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }).QuickCheckThrowOnFailure();

    /// <summary>会民非03表 row 61 and 会小企03表 row 20 = the change in 货币资金 (row 1 of either balance sheet) over the
    /// year to date; 会小企03表 row 22 = the cash at the end, in both columns; no cash moved without a cash-flow item.</summary>
    private static IEnumerable<string> CashFlowTies(AuditPropertyTests.Community community, LocalDate date)
    {
        foreach (var (entity, sheetForm, flowForm, increase) in new[]
                 {
                     (ElderCare, PrescribedForm.NpoBalanceSheet, PrescribedForm.NpoCashFlow, 61), (Fund, PrescribedForm.NpoBalanceSheet, PrescribedForm.NpoCashFlow, 61),
                     (Committee, PrescribedForm.NpoBalanceSheet, PrescribedForm.NpoCashFlow, 61),
                     (Cafe, PrescribedForm.SmeBalanceSheet, PrescribedForm.SmeCashFlow, 20), (Hub, PrescribedForm.SmeBalanceSheet, PrescribedForm.SmeCashFlow, 20),
                 })
        {
            var sheet = Build(community, entity, sheetForm, date);
            var flows = Build(community, entity, flowForm, date);
            var change = sheet.Amount(1, "end") - sheet.Amount(1, "start_of_year");
            if (flows.Amount(increase, "year") != change)
            {
                yield return $"{entity} {date}: {flows.Layout.Code} net increase {flows.Amount(increase, "year")} ≠ change in 货币资金 {change}";
            }

            if (flowForm == PrescribedForm.SmeCashFlow && (flows.Amount(22, "year") != sheet.Amount(1, "end") || flows.Amount(22, "month") != sheet.Amount(1, "end")))
            {
                yield return $"{entity} {date}: 期末现金余额 {flows.Amount(22, "year")} / {flows.Amount(22, "month")} ≠ 货币资金 {sheet.Amount(1, "end")}";
            }

            var unclassified = flows.Lines.Single(l => l.Row.Kind == PrescribedRowKind.Unclassified).Amounts;
            if (unclassified.Any(a => !a.IsZero))
            {
                yield return $"{entity} {date}: cash moved without a cash-flow item: {string.Join(", ", unclassified)}";
            }
        }
    }

    private static IEnumerable<LocalDate> Dates(LocalDate today)
    {
        for (var month = new YearMonth(2026, 1); month < new YearMonth(today.Year, today.Month); month = month.PlusMonths(1))
        {
            yield return month.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1);
        }

        yield return today;
    }

    private static IEnumerable<string> NpoTies(AuditPropertyTests.Community community, LocalDate date)
    {
        foreach (var entity in new[] { ElderCare, Fund, Committee })
        {
            var sheet = Build(community, entity, PrescribedForm.NpoBalanceSheet, date);
            var activities = Build(community, entity, PrescribedForm.NpoActivities, date);
            foreach (var column in new[] { "start_of_year", "end" })
            {
                if (sheet.Amount(60, column) != sheet.Amount(120, column))
                {
                    yield return $"{entity} {date} {column}: 资产总计 {sheet.Amount(60, column)} ≠ 负债和净资产总计 {sheet.Amount(120, column)}";
                }
            }

            foreach (var (row, column) in new[] { (101, "year_unrestricted"), (105, "year_restricted") })
            {
                var change = sheet.Amount(row, "end") - sheet.Amount(row, "start_of_year");
                if (change != activities.Amount(45, column))
                {
                    yield return $"{entity} {date} row {row}: balance-sheet change {change} ≠ 业务活动表 {column} {activities.Amount(45, column)}";
                }
            }
        }
    }

    private static IEnumerable<string> SmeTies(AuditPropertyTests.Community community, LocalDate date)
    {
        foreach (var entity in new[] { Cafe, Hub })
        {
            var sheet = Build(community, entity, PrescribedForm.SmeBalanceSheet, date);
            var income = Build(community, entity, PrescribedForm.SmeIncome, date);
            foreach (var column in new[] { "start_of_year", "end" })
            {
                if (sheet.Amount(30, column) != sheet.Amount(53, column))
                {
                    yield return $"{entity} {date} {column}: 资产总计 {sheet.Amount(30, column)} ≠ 负债和所有者权益总计 {sheet.Amount(53, column)}";
                }
            }

            var change = sheet.Amount(51, "end") - sheet.Amount(51, "start_of_year");
            if (change != income.Amount(32, "year"))
            {
                yield return $"{entity} {date}: change in 未分配利润 (本年利润 + 利润分配) {change} ≠ 净利润 {income.Amount(32, "year")}";
            }
        }
    }

    private static PrescribedStatement Build(AuditPropertyTests.Community community, EntityId entity, PrescribedForm form, LocalDate date) =>
        PrescribedStatements.BuildAsync(community.Books.Ledgers, CommunityLedger, entity, form, date).GetAwaiter().GetResult();
}
