using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Economy;
using NodaTime;
using Snapshooter.Xunit;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Reports;

public class StatementTests
{
    [Fact]
    public async Task FinancialPosition_BalancesForEveryNpoEntityAtEveryMonthEnd()
    {
        var (books, _) = DistributionPropertyTests.Simulation.Run(seed: 7, steps: 120);

        foreach (var entity in new[] { ElderCare, Fund })
        {
            for (var month = 1; month <= 12; month++)
            {
                var asOf = new LocalDate(2026, month, 1).PlusMonths(1).PlusDays(-1);
                var position = await StatementOfFinancialPosition.BuildAsync(books.Ledgers, EconomyBooks.Ledger, entity, asOf);
                Assert.True(position.Balances, $"{entity} on {asOf}: assets {position.TotalAssets} ≠ {position.TotalLiabilitiesAndNetAssets}");
            }
        }
    }

    [Fact]
    public async Task StatementOfActivities_SplitsRestrictedRevenueAndMatchesTheChangeInNetAssets()
    {
        var books = Scenario();

        var activities = await StatementOfActivities.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 30));
        var before = await StatementOfFinancialPosition.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, new LocalDate(2026, 2, 28));
        var after = await StatementOfFinancialPosition.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, new LocalDate(2026, 4, 30));

        var donations = activities.Revenues.Single(l => l.Code == "4101");
        Assert.Equal((Cny(200m), Cny(550m)), (donations.Unrestricted, donations.Restricted));
        Assert.Equal(after.RestrictedNetAssets - before.RestrictedNetAssets, activities.ChangeInNetAssets.Restricted);
        Assert.Equal(after.UnrestrictedNetAssets - before.UnrestrictedNetAssets, activities.ChangeInNetAssets.Unrestricted);
    }

    [Fact]
    public async Task Register_RunsTheBalanceFromTheOpeningBalance()
    {
        var books = Scenario();

        var register = await AccountRegister.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, AccountCode.Parse("1002.02"), new LocalDate(2026, 4, 1), null);

        Assert.Equal(Cny(500m), register.Opening);
        Assert.Equal([Cny(700m), Cny(750m), Cny(550m)], register.Lines.Select(l => l.Balance));
        Assert.Equal(Cny(550m), register.Closing);
    }

    [Fact]
    public async Task Reports_OfTheFixedScenario_MatchTheirSnapshots()
    {
        var books = Scenario();
        var activities = await StatementOfActivities.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31));
        var position = await StatementOfFinancialPosition.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, new LocalDate(2026, 12, 31));
        var register = await AccountRegister.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, AccountCode.Parse("1002.02"), null, null);

        Snapshot.Match(Render(activities, position, register));
    }

    /// <summary>The fund: 500.00 restricted to elderly meals in March; in April 200.00 unrestricted, 50.00 restricted
    /// (the 5% share settled from elder-care's sale), and a 200.00 grant out of the restricted meals money.</summary>
    private static EconomyBooks Scenario()
    {
        var books = EconomyBooks.Create();
        void Post(string date, string memo, params LineDraft[] lines) =>
            Assert.True(books.Engine.PostAsync(EconomyBooks.Ledger, new JournalDraft(LocalDate.FromDateTime(DateTime.Parse(date, System.Globalization.CultureInfo.InvariantCulture)), JournalKind.Donation, memo, [.. lines]))
                .GetAwaiter().GetResult().Succeeded);
        Post("2026-03-10", "Donation for elderly meals",
            LineDraft.Debit(Fund, "1002.02", Cny(500m)), LineDraft.Credit(Fund, "4101.02", Cny(500m)).With(DimensionNames.Restriction, "elderly-meals"));
        Post("2026-04-02", "Charity market spot donations",
            LineDraft.Debit(Fund, "1002.02", Cny(200m)), LineDraft.Credit(Fund, "4101.01", Cny(200m)));
        books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 4, 3)));
        books.SettleFully(ElderCare, Fund, 2026, 4, new LocalDate(2026, 4, 20));
        Post("2026-04-25", "Grant: meals for 10 elders",
            LineDraft.Debit(Fund, "5101.06", Cny(200m)).With(DimensionNames.Restriction, "elderly-meals"), LineDraft.Credit(Fund, "1002.02", Cny(200m)));
        return books;
    }

    private static string[] Render(StatementOfActivities activities, StatementOfFinancialPosition position, AccountRegister register) =>
    [
        $"业务活动表 Statement of activities {activities.From:uuuu-MM-dd}–{activities.To:uuuu-MM-dd} | unrestricted | restricted | total",
        .. activities.Revenues.Append(activities.TotalRevenue).Concat(activities.Expenses).Append(activities.TotalExpenses).Append(activities.ChangeInNetAssets)
            .Select(l => $"{l.Code} {l.NameZh} {l.NameEn} | {l.Unrestricted.ToAmountString()} | {l.Restricted.ToAmountString()} | {l.Total.ToAmountString()}"),
        $"资产负债表 Statement of financial position {position.AsOf:uuuu-MM-dd}",
        .. position.Assets.Concat(position.Liabilities).Select(l => $"{l.Code} {l.NameZh} {l.NameEn} | {l.Total.ToAmountString()}"),
        $"3101 非限定性净资产 Unrestricted net assets | {position.UnrestrictedNetAssets.ToAmountString()}",
        $"3102 限定性净资产 Restricted net assets | {position.RestrictedNetAssets.ToAmountString()}",
        $"Total assets {position.TotalAssets.ToAmountString()} = liabilities and net assets {position.TotalLiabilitiesAndNetAssets.ToAmountString()}",
        $"明细账 Register {register.Entity} {register.Account} opening {register.Opening.ToAmountString()}",
        .. register.Lines.Select(l => $"{l.Date:uuuu-MM-dd} #{l.Sequence} {l.Kind} | Dr {l.Debit.ToAmountString()} | Cr {l.Credit.ToAmountString()} | {l.Balance.ToAmountString()}"),
        $"closing {register.Closing.ToAmountString()}",
    ];
}
