using System.Globalization;
using System.Text;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Economy;
using NodaTime;
using Snapshooter.Xunit;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Reports;

/// <summary>The statements in the official formats (ADR 0016): every account on exactly one line, the rows and 行次 of
/// each form, the figures of a fixed scenario to the fen, zero rows shown, and the CSV.</summary>
public class PrescribedStatementTests
{
    private static readonly LocalDate AprilEnd = new(2026, 4, 30);

    [Theory]
    [InlineData(AccountingProfile.NpoCn, PrescribedForm.NpoBalanceSheet, PrescribedForm.NpoActivities)]
    [InlineData(AccountingProfile.SmeCn, PrescribedForm.SmeBalanceSheet, PrescribedForm.SmeIncome)]
    public void Prescribed_EveryAccountOfTheChart_MapsToExactlyOneLine_OrIsExcluded(AccountingProfile profile, PrescribedForm balanceSheet, PrescribedForm period)
    {
        var chart = ChartTemplates.For(profile);
        var sheet = PrescribedLayouts.For(balanceSheet);
        var statement = PrescribedLayouts.For(period);
        var problems = new List<string>();
        foreach (var account in chart.Accounts)
        {
            var onSheet = sheet.LinesFor(chart, account.Code);
            var onStatement = statement.LinesFor(chart, account.Code);
            var nominal = account.Type is AccountType.Revenue or AccountType.Expense;
            // Memo accounts are on no form (ADR 0016: excluded); real accounts are on one balance-sheet line; revenue and
            // expenses are on one line of the period statement and, not yet closed, in one net-asset / equity line.
            var (expectedSheet, expectedStatement) = account.IsMemo ? (0, 0) : (1, nominal ? 1 : 0);
            if (onSheet.Length != expectedSheet || onStatement.Length != expectedStatement)
            {
                problems.Add($"{account.Code} {account.NameZh}: {sheet.Code} {Rows(onSheet)}, {statement.Code} {Rows(onStatement)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Prescribed_Layouts_TotalsReferOnlyToEarlierRows_AndRowNumbersAreUnique()
    {
        foreach (var layout in PrescribedLayouts.All)
        {
            var numbers = layout.Rows.Where(r => r.Number is not null).Select(r => r.Number!.Value).ToList();
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
            var seen = new HashSet<int>();
            foreach (var row in layout.Rows)
            {
                Assert.All(row.Rows, r => Assert.Contains(Math.Abs(r), seen));
                if (row.Number is { } number)
                {
                    seen.Add(number);
                }
            }
        }
    }

    [Fact]
    public async Task Prescribed_StatementsOfTheFixedScenario_MatchTheirSnapshots()
    {
        var books = Scenario();
        var text = new StringBuilder();
        foreach (var (entity, form) in new[]
                 {
                     (Fund, PrescribedForm.NpoBalanceSheet), (Fund, PrescribedForm.NpoActivities), (ElderCare, PrescribedForm.NpoActivities),
                     (Cafe, PrescribedForm.SmeBalanceSheet), (Cafe, PrescribedForm.SmeIncome), (Hub, PrescribedForm.SmeIncome),
                 })
        {
            text.AppendLine(Render(await PrescribedStatements.BuildAsync(books.Ledgers, EconomyBooks.Ledger, entity, form, AprilEnd)));
        }

        Snapshot.Match(text.ToString());
    }

    [Fact]
    public async Task Prescribed_FundBalanceSheet_ShowsTheOpeningBalances_TheYearsMovement_AndEveryZeroRow()
    {
        var books = Scenario();

        var sheet = await PrescribedStatements.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, PrescribedForm.NpoBalanceSheet, AprilEnd);

        Assert.Equal(PrescribedLayouts.NpoBalanceSheet.Rows.Length, sheet.Lines.Length);
        Assert.Equal(["年初数", "期末数"], sheet.Layout.Columns.Select(c => c.NameZh));
        Assert.Equal(Cny(1000m), sheet.Amount(1, "start_of_year"));
        Assert.Equal(Cny(1000m), sheet.Amount(101, "start_of_year"));
        Assert.Equal(Cny(0m), sheet.Amount(15, "end"));
        Assert.Equal(Cny(0m), sheet.Amount(91, "end"));
        Assert.Equal(sheet.Amount(60, "end"), sheet.Amount(120, "end"));
        Assert.Equal(sheet.Amount(60, "start_of_year"), sheet.Amount(120, "start_of_year"));
        Assert.Equal(("社区基金", "2026年4月30日"), (sheet.EntityName, sheet.DateZh));
    }

    [Fact]
    public async Task Prescribed_FundActivities_ChangeInNetAssets_EqualsTheBalanceSheetsChange_PerRestrictionClass()
    {
        var books = Scenario();

        var sheet = await PrescribedStatements.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, PrescribedForm.NpoBalanceSheet, AprilEnd);
        var activities = await PrescribedStatements.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, PrescribedForm.NpoActivities, AprilEnd);

        Assert.Equal(sheet.Amount(101, "end") - sheet.Amount(101, "start_of_year"), activities.Amount(45, "year_unrestricted"));
        Assert.Equal(sheet.Amount(105, "end") - sheet.Amount(105, "start_of_year"), activities.Amount(45, "year_restricted"));
        Assert.Equal(Cny(600m), activities.Amount(1, "year_restricted"));
        Assert.Equal(Cny(100m), activities.Amount(1, "month_restricted"));
        Assert.Equal("2026年4月", activities.DateZh);
    }

    [Fact]
    public async Task Prescribed_CafeIncome_NetProfit_EqualsTheChangeInRetainedEarnings_AndListsTheOfficialRows()
    {
        var books = Scenario();

        var income = await PrescribedStatements.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Cafe, PrescribedForm.SmeIncome, AprilEnd);
        var sheet = await PrescribedStatements.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Cafe, PrescribedForm.SmeBalanceSheet, AprilEnd);

        Assert.Equal(Enumerable.Range(1, 32), income.Lines.Select(l => l.Row.Number!.Value));
        Assert.Equal(sheet.Amount(51, "end") - sheet.Amount(51, "start_of_year"), income.Amount(32, "year"));
        Assert.Equal(sheet.Amount(30, "end"), sheet.Amount(53, "end"));
        Assert.Equal(Cny(0m), income.Amount(20, "year"));
    }

    [Fact]
    public async Task Prescribed_Csv_HasAHeader_EveryRow_AndAmountsToTheFen()
    {
        var books = Scenario();
        var activities = await PrescribedStatements.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, PrescribedForm.NpoActivities, AprilEnd);
        await using var writer = new StringWriter(CultureInfo.InvariantCulture);

        await PrescribedStatementCsv.WriteAsync(activities, writer);

        var lines = writer.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line_no,item_zh,item_en,kind,month_unrestricted,month_restricted,month_total,year_unrestricted,year_restricted,year_total", lines[0]);
        Assert.Equal(activities.Lines.Length + 1, lines.Length);
        Assert.Contains("1,其中：捐赠收入,of which: donations,line,200.00,100.00,300.00,200.00,600.00,800.00", lines);
        Assert.Contains(",一、收入,I. Revenue,heading,,,,,,", lines);
    }

    internal static string Render(PrescribedStatement statement)
    {
        var layout = statement.Layout;
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{layout.TitleZh} {layout.TitleEn} {layout.Code}")
            .AppendLine(CultureInfo.InvariantCulture, $"编制单位：{statement.EntityName} | {statement.DateZh} | {PrescribedStatement.UnitZh}")
            .AppendLine(CultureInfo.InvariantCulture, $"项目 | 行次 | {string.Join(" | ", layout.Columns.Select(c => c.GroupZh is null ? c.NameZh : $"{c.GroupZh}{c.NameZh}"))}");
        foreach (var line in statement.Lines)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{new string(' ', 2 * line.Row.Indent)}{line.Row.NameZh} | {line.Row.Number} | {string.Join(" | ", line.Amounts.Select(a => a.ToAmountString()))}");
        }

        return text.ToString();
    }

    private static string Rows(IEnumerable<PrescribedRow> rows) => $"[{string.Join(", ", rows.Select(r => r.Number))}]";

    /// <summary>The fund opens with 1,000.00 in the bank; in March 500.00 restricted to elderly meals, elder-care sells
    /// ten meals and the café three coffee classes; in April 200.00 unrestricted, elder-care's April sale
    /// settled with the fund (the 5% of each month's sales, restricted), and a 200.00 grant out of the meals money.</summary>
    internal static EconomyBooks Scenario()
    {
        var books = EconomyBooks.Create();
        void Post(LocalDate date, JournalKind kind, string memo, params LineDraft[] lines) =>
            Assert.True(books.Engine.PostAsync(EconomyBooks.Ledger, new JournalDraft(date, kind, memo, [.. lines])).GetAwaiter().GetResult().Succeeded, memo);
        Post(new LocalDate(2025, 12, 31), JournalKind.Opening, "Opening balances",
            LineDraft.Debit(Fund, "1002.01", Cny(1000m)), LineDraft.Credit(Fund, "3101", Cny(1000m)));
        Post(new LocalDate(2026, 3, 10), JournalKind.Donation, "Donation for elderly meals",
            LineDraft.Debit(Fund, "1002.02", Cny(500m)).WithCashFlow(CashFlowItem.DonationsReceived), LineDraft.Credit(Fund, "4101.02", Cny(500m)).With(DimensionNames.Restriction, "elderly-meals"));
        books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        books.SellOk(new SaleRequest(Cafe, "coffee-class", PricingTier.Paid, 3, Cny(99.99m), PaymentChannel.Alipay, new LocalDate(2026, 3, 5), "r-cafe-1"));
        Post(new LocalDate(2026, 4, 2), JournalKind.Donation, "Charity market spot donations",
            LineDraft.Debit(Fund, "1002.02", Cny(200m)).WithCashFlow(CashFlowItem.DonationsReceived), LineDraft.Credit(Fund, "4101.01", Cny(200m)));
        books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 4, 3)));
        books.SettleFully(ElderCare, Fund, 2026, 4, new LocalDate(2026, 4, 20));
        Post(new LocalDate(2026, 4, 25), JournalKind.Donation, "Grant: meals for 10 elders",
            LineDraft.Debit(Fund, "5101.06", Cny(200m)).With(DimensionNames.Restriction, "elderly-meals"), LineDraft.Credit(Fund, "1002.02", Cny(200m)).WithCashFlow(CashFlowItem.GrantsGiven));
        return books;
    }
}
