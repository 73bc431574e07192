using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Economy;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Posting;

public class PeriodClosingTests
{
    private static readonly LocalDate MarchEnd = new(2026, 3, 31);

    [Fact]
    public async Task Closing_EmptiesRevenueAndExpensesIntoNetAssetsWithoutChangingThePosition()
    {
        var books = await MarchAsync();
        var before = await StatementOfFinancialPosition.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, MarchEnd);

        var (close, journals) = await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, 3));

        Assert.True(close.Closed);
        Assert.Equal(3, journals.Length);
        var after = await StatementOfFinancialPosition.BuildAsync(books.Ledgers, EconomyBooks.Ledger, Fund, MarchEnd);
        Assert.Equal((before.UnrestrictedNetAssets, before.RestrictedNetAssets, before.TotalAssets), (after.UnrestrictedNetAssets, after.RestrictedNetAssets, after.TotalAssets));
        foreach (var entity in new[] { ElderCare, Fund, Hub })
        {
            var balances = await books.Ledgers.GetBalancesAsync(EconomyBooks.Ledger, entity, MarchEnd);
            var chart = books.Definition().FindEntity(entity)!.Chart;
            Assert.All(balances.Where(b => chart.Get(b.Account).Type is AccountType.Revenue or AccountType.Expense), b => Assert.Equal(0, b.DebitMinorUnits - b.CreditMinorUnits));
        }
    }

    [Fact]
    public async Task RestrictedRevenue_ClosesToRestrictedNetAssetsPerRestriction()
    {
        var books = await MarchAsync();

        await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, 3));

        var closing = books.Journals().Single(j => j.Kind == JournalKind.PeriodClose && j.Lines.Any(l => l.Entity == Fund));
        var restricted = closing.Lines.Where(l => l.Account == AccountCode.Parse("3102")).ToDictionary(l => l.Dimensions[DimensionNames.Restriction], l => l.Amount);
        Assert.Equal(Cny(500m), restricted["elderly-meals"]);
        Assert.Equal(Cny(-500m), books.Balance(Fund, "3102"));
        Assert.Equal(Cny(-20m), books.Balance(Fund, "3101"));
    }

    [Fact]
    public async Task CompanyFormEntities_CloseToCurrentYearProfit()
    {
        var books = await MarchAsync();

        await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, 3));

        Assert.Equal(Cny(-250m), books.Balance(Hub, "3103"));
        Assert.Equal(Money.Zero(Currency.CNY), books.Balance(Hub, "5001.01"));
    }

    [Fact]
    public async Task ClosingTwice_PostsNothingMore()
    {
        var books = await MarchAsync();
        await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, 3));
        var count = books.Journals().Count;

        var (again, journals) = await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, 3));

        Assert.Equal((false, ErrorCodes.PeriodAlreadyClosed), (again.Closed, again.Errors.Single().Code));
        Assert.Empty(journals);
        Assert.Equal(count, books.Journals().Count);
        Assert.True((await LedgerIntegrity.CheckAsync(books.Ledgers, EconomyBooks.Ledger)).IsSound);
    }

    [Fact]
    public async Task ClosingDecember_CarriesACompanysProfitForTheYearFrom3103To3104()
    {
        var books = await MarchAsync();

        await CloseThroughDecemberAsync(books);

        Assert.Equal(Money.Zero(Currency.CNY), books.Balance(Hub, "3103"));
        Assert.Equal(Cny(-250m), books.Balance(Hub, "3104"));
        var yearEnd = books.Journals().Single(j => j.SourceReference == "year-end:2026" && j.Lines.Any(l => l.Entity == Hub));
        Assert.Equal((new LocalDate(2026, 12, 31), "25000"), (yearEnd.AccountingDate, yearEnd.Metadata["close.net_profit"]));
    }

    [Fact]
    public async Task ClosingDecember_CarriesALossToo_AsADebitOf3104()
    {
        var books = await MarchAsync();
        var expense = new JournalDraft(new LocalDate(2026, 6, 10), JournalKind.Manual, "office rent", [LineDraft.Debit(Hub, "5602", Cny(400m)), LineDraft.Credit(Hub, "1001", Cny(400m))]);
        Assert.True((await books.Engine.PostAsync(EconomyBooks.Ledger, expense)).Succeeded);

        await CloseThroughDecemberAsync(books);

        Assert.Equal(Money.Zero(Currency.CNY), books.Balance(Hub, "3103"));
        Assert.Equal(Cny(150m), books.Balance(Hub, "3104"));
    }

    [Fact]
    public async Task ClosingDecember_LeavesANonProfitsNetAssetsAsTheyAre()
    {
        var books = await MarchAsync();

        await CloseThroughDecemberAsync(books);

        Assert.DoesNotContain(books.Journals(), j => j.SourceReference == "year-end:2026" && j.Lines.Any(l => l.Entity == Fund || l.Entity == ElderCare));
        Assert.Equal(Cny(-20m), books.Balance(Fund, "3101"));
        Assert.True((await LedgerIntegrity.CheckAsync(books.Ledgers, EconomyBooks.Ledger)).IsSound);
    }

    private static async Task CloseThroughDecemberAsync(EconomyBooks books)
    {
        for (var month = 3; month <= 12; month++)
        {
            Assert.True((await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, month))).Close.Closed);
        }
    }

    private static PeriodClosing Closing(EconomyBooks books) => new(books.Ledgers, books.Engine);

    /// <summary>January and February closed empty; in March a 1,000.00 paid sale, a 500.00 restricted and a 20.00
    /// unrestricted donation to the fund.</summary>
    private static async Task<EconomyBooks> MarchAsync()
    {
        var books = EconomyBooks.Create();
        await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, 1));
        await Closing(books).CloseAsync(EconomyBooks.Ledger, new YearMonth(2026, 2));
        books.SellOk(PaidMeal(quantity: 10, date: new LocalDate(2026, 3, 2)));
        var donation = new JournalDraft(new LocalDate(2026, 3, 9), JournalKind.Donation, "donations",
        [
            LineDraft.Debit(Fund, "1002.02", Cny(520m)),
            LineDraft.Credit(Fund, "4101.02", Cny(500m)).With(DimensionNames.Restriction, "elderly-meals"),
            LineDraft.Credit(Fund, "4101.01", Cny(20m)),
        ]);
        Assert.True((await books.Engine.PostAsync(EconomyBooks.Ledger, donation)).Succeeded);
        return books;
    }
}
