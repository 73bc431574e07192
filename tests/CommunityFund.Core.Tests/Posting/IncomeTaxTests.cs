using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests.Posting;

/// <summary>所得税费用 at a company-form entity's December close when it has an income-tax rate (ADR 0022): Dr 5801 /
/// Cr 2221.03 on the year's profit before tax, none on a loss, before 本年利润 is carried to 利润分配; the 利润表 shows it.</summary>
public sealed class IncomeTaxTests
{
    private static readonly LedgerId Ledger = LedgerId.From("income-tax");
    private static readonly EntityId Shop = EntityId.From("shop");
    private static readonly LocalDate YearEnd = new(2026, 12, 31);

    private readonly InMemoryLedgerStore _store = new();
    private readonly PostingEngine _engine;

    public IncomeTaxTests() => _engine = new PostingEngine(_store, new FakeClock(Instant.FromUtc(2026, 1, 1, 1, 0)));

    private static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    private IncomeTaxTests Open(int? rate)
    {
        var shop = new AccountingEntity(Shop, "社区商店", EntityKind.Provider, AccountingProfile.SmeCn);
        Assert.True(_store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Income tax", new LocalDate(2026, 1, 1)).WithEntity(rate is { } r ? shop.WithIncomeTax(r) : shop)).GetAwaiter().GetResult());
        return this;
    }

    /// <summary>Posts a month's result: revenue (5001) for a profit, an expense (5602) for a loss, against cash.</summary>
    private void Result(int month, long fen)
    {
        if (fen == 0)
        {
            return;
        }

        var amount = Money.FromMinorUnits(Math.Abs(fen), Currency.CNY);
        var (debit, credit) = fen > 0 ? ("1001", "5001.03") : ("5602", "1001");
        Post(new JournalDraft(new LocalDate(2026, month, 10), JournalKind.Manual, "month's result", [LineDraft.Debit(Shop, debit, amount), LineDraft.Credit(Shop, credit, amount)]));
    }

    private void Post(JournalDraft draft)
    {
        var result = _engine.PostAsync(Ledger, draft).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    private void CloseTheYear()
    {
        for (var month = 1; month <= 12; month++)
        {
            var (close, _) = new PeriodClosing(_store, _engine).CloseAsync(Ledger, new YearMonth(2026, month)).GetAwaiter().GetResult();
            Assert.True(close.Closed, string.Join("; ", close.Errors.Select(e => e.Message)));
        }
    }

    private long Balance(string account) =>
        _store.GetBalancesAsync(Ledger, Shop, null).GetAwaiter().GetResult().Where(b => b.Account == AccountCode.Parse(account)).Sum(b => b.CreditMinorUnits - b.DebitMinorUnits);

    private Journal? IncomeTaxJournal() => _store.ReadJournalsAsync(Ledger, 0, int.MaxValue).GetAwaiter().GetResult().SingleOrDefault(j => j.SourceReference == "income-tax:2026");

    private PrescribedStatement Statement(PrescribedForm form) => PrescribedStatements.BuildAsync(_store, Ledger, Shop, form, YearEnd).GetAwaiter().GetResult();

    [Fact]
    public void DecemberClose_AccruesTheRateOnTheYearsProfit_ToIncomeTaxPayable()
    {
        Open(2_500);
        Result(3, 1_000_000);
        Result(7, -200_000);

        CloseTheYear();

        Assert.Equal(200_000, Balance("2221.03"));
        Assert.Equal((YearEnd, "800000"), (IncomeTaxJournal()!.AccountingDate, IncomeTaxJournal()!.Metadata["income_tax.profit_before_tax"]));
        Assert.Equal(600_000, Balance("3104"));
        Assert.Equal(0, Balance("3103"));
    }

    [Fact]
    public void IncomeStatement_ShowsTheTaxAndTheNetProfitAfterIt()
    {
        Open(2_500);
        Result(3, 1_000_000);

        CloseTheYear();

        var income = Statement(PrescribedForm.SmeIncome);
        Assert.Equal((Cny(10_000m), Cny(2_500m), Cny(7_500m)), (income.Amount(30, "year"), income.Amount(31, "year"), income.Amount(32, "year")));
        Assert.Equal(Cny(2_500m), income.Amount(31, "month"));
    }

    [Fact]
    public void YearWithALoss_AccruesNoIncomeTax()
    {
        Open(2_500);
        Result(3, -100_000);

        CloseTheYear();

        Assert.Null(IncomeTaxJournal());
        Assert.Equal(-100_000, Balance("3104"));
    }

    [Fact]
    public void EntityWithoutARate_AccruesNoIncomeTax()
    {
        Open(null);
        Result(3, 1_000_000);

        CloseTheYear();

        Assert.Null(IncomeTaxJournal());
        Assert.Equal(1_000_000, Balance("3104"));
    }

    [Fact]
    public void TaxBookedByHandDuringTheYear_IsDeductedFromTheAccrual()
    {
        Open(2_500);
        Result(3, 1_000_000);
        var prepaid = new JournalDraft(new LocalDate(2026, 4, 15), JournalKind.Manual, "预缴所得税", [LineDraft.Debit(Shop, "5801", Cny(1_000m)), LineDraft.Credit(Shop, "2221.03", Cny(1_000m))]);
        Post(prepaid);

        CloseTheYear();

        Assert.Equal("150000", IncomeTaxJournal()!.Metadata["income_tax.amount"]);
        Assert.Equal(250_000, Balance("2221.03"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2_501)]
    public void RateOutsideZeroToTwentyFivePercent_IsRefused(int rate) =>
        Assert.Throws<ArgumentException>(() => new AccountingEntity(Shop, "社区商店", EntityKind.Provider, AccountingProfile.SmeCn).WithIncomeTax(rate));

    [Fact]
    public void NonProfitEntity_CannotTakeAnIncomeTaxRate() =>
        Assert.Throws<ArgumentException>(() => new AccountingEntity(Shop, "民非", EntityKind.Provider, AccountingProfile.NpoCn).WithIncomeTax(2_500));

    /// <summary>Random monthly results and rates: the 利润表's net profit for the year is the change in 本年利润 +
    /// 利润分配 (the balance sheet's 未分配利润, row 51), its 所得税费用 is the rate on a positive profit (zero on a loss),
    /// and the tax payable holds exactly that.</summary>
    [Fact]
    public void RandomYears_NetProfitTiesToRetainedEarnings_AndTheTaxIsTheRateOnAProfit() =>
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(0, 2_500), Gen.Choose(-500_000, 1_000_000).ArrayOf().Where(a => a.Length <= 12))), input =>
        {
            var (rate, months) = input;
            var books = new IncomeTaxTests().Open(rate);
            for (var i = 0; i < months.Length; i++)
            {
                books.Result(i + 1, months[i]);
            }

            books.CloseTheYear();

            var profit = months.Sum(m => (long)m);
            var tax = profit > 0 ? ((profit * rate * 2) + 10_000) / 20_000 : 0;
            var income = books.Statement(PrescribedForm.SmeIncome);
            var sheet = books.Statement(PrescribedForm.SmeBalanceSheet);
            Assert.Equal(Money.FromMinorUnits(tax, Currency.CNY), income.Amount(31, "year"));
            Assert.Equal(Money.FromMinorUnits(profit - tax, Currency.CNY), income.Amount(32, "year"));
            Assert.Equal(sheet.Amount(51, "end") - sheet.Amount(51, "start_of_year"), income.Amount(32, "year"));
            Assert.Equal(tax, books.Balance("2221.03"));
        }).Check(Generators.Runs(40));
}
