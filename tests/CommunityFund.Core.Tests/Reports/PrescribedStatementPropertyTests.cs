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
