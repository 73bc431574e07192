using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests.Economy;

/// <summary>VAT by taxpayer status (ADR 0022): the sale's VAT computed from the provider's status, overrides recorded
/// with their reason, the small-scale monthly exemption recognised at the month's close, and the SME chart's 应交增值税.</summary>
public sealed class VatTests
{
    private static readonly LedgerId Ledger = LedgerId.From("vat");
    private static readonly EntityId Shop = EntityId.From("shop");
    private static readonly EntityId Studio = EntityId.From("studio");
    private static readonly EntityId Plain = EntityId.From("plain");
    private static readonly EntityId Hub = EntityId.From("hub");
    private static readonly EntityId Fund = EntityId.From("fund");
    private static readonly LocalDate Start = new(2026, 1, 1);
    private static readonly LocalDate March = new(2026, 3, 2);

    private readonly InMemoryLedgerStore _store = new();
    private readonly PostingEngine _engine;
    private readonly CommunityEconomy _economy;

    public VatTests()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 1, 0));
        _engine = new PostingEngine(_store, clock);
        _economy = new CommunityEconomy(_store, _engine, clock);
        var definition = new LedgerDefinition(Ledger, "VAT", Start)
            .WithEntity(new AccountingEntity(Shop, "小规模社会企业", EntityKind.Provider, AccountingProfile.SmeCn).WithVat(VatRegistration.SmallScale()))
            .WithEntity(new AccountingEntity(Studio, "一般纳税人社会企业", EntityKind.Provider, AccountingProfile.SmeCn).WithVat(VatRegistration.General()))
            .WithEntity(new AccountingEntity(Plain, "未登记纳税人身份的社会企业", EntityKind.Provider, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Hub, "枢纽社会企业", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Fund, "社区基金", EntityKind.CommunityFund, AccountingProfile.NpoCn));
        Assert.True(_store.CreateLedgerAsync(definition).GetAwaiter().GetResult());
        Assert.True(_economy.AddPolicyAsync(Ledger, DistributionPolicy.Standard(Hub, Fund, Start)).GetAwaiter().GetResult().Succeeded);
        foreach (var (provider, price) in new[] { (Shop, 1_010m), (Studio, 106m), (Plain, 100m) })
        {
            Assert.True(_economy.PublishPackageAsync(Ledger, Package(provider, price)).GetAwaiter().GetResult().Succeeded);
        }
    }

    private static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    private static ServicePackage Package(EntityId provider, decimal price) => new(
        $"{provider}-class", provider, 1, "课", "Class", 1, Money.Zero(Currency.HOUR),
        ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Cny(price)) }), Start);

    private static SaleRequest Sale(EntityId provider, decimal price, int quantity = 1, LocalDate? date = null) =>
        new(provider, $"{provider}-class", PricingTier.Paid, quantity, Cny(price), PaymentChannel.Bank, date ?? March, "r-0001");

    private CommandResult<SaleRecord> Sell(SaleRequest request) => _economy.RecordSaleAsync(Ledger, request).GetAwaiter().GetResult();

    private LedgerDefinition Definition() => _store.GetLedgerAsync(Ledger).GetAwaiter().GetResult()!.Definition;

    private Journal JournalOf(SaleRecord sale) => _store.GetJournalAsync(Ledger, sale.Journal).GetAwaiter().GetResult()!;

    private SaleRecord SellOk(SaleRequest request)
    {
        var result = Sell(request);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    private long Balance(EntityId entity, string account, LocalDate? asOf = null) =>
        _store.GetBalancesAsync(Ledger, entity, asOf).GetAwaiter().GetResult()
            .Where(b => b.Account == AccountCode.Parse(account)).Sum(b => b.CreditMinorUnits - b.DebitMinorUnits);

    private ImmutableArray<Journal> CloseMarch()
    {
        var (close, journals) = new PeriodClosing(_store, _engine).CloseAsync(Ledger, new YearMonth(2026, 1)).GetAwaiter().GetResult();
        Assert.True(close.Closed);
        Assert.True(new PeriodClosing(_store, _engine).CloseAsync(Ledger, new YearMonth(2026, 2)).GetAwaiter().GetResult().Close.Closed);
        (close, journals) = new PeriodClosing(_store, _engine).CloseAsync(Ledger, new YearMonth(2026, 3)).GetAwaiter().GetResult();
        Assert.True(close.Closed, string.Join("; ", close.Errors.Select(e => e.Message)));
        return journals;
    }

    private static Journal? Exemption(ImmutableArray<Journal> journals) => journals.SingleOrDefault(j => j.SourceReference == "vat-exemption:2026-03");

    [Theory]
    [InlineData(10_100, 100, 100)] // 101.00 at 1%: base 100.00, VAT 1.00
    [InlineData(10_000, 100, 99)] // 100.00 at 1%: base 99.0099… rounds to 99.01, VAT 0.99
    [InlineData(10_600, 600, 600)] // 106.00 at 6%: base 100.00, VAT 6.00
    [InlineData(1, 100, 0)] // 0.01 at 1%: the base keeps the fen
    [InlineData(151, 100, 1)] // 1.51 at 1%: base 1.495… rounds half up to 1.50, VAT 0.01
    public void VatOf_RoundsTheBaseToTheFen_AndTheVatIsTheRest(long fen, int rateBasisPoints, long vatFen)
    {
        var registration = rateBasisPoints == 600 ? VatRegistration.General() : VatRegistration.SmallScale(rateBasisPoints);
        Assert.Equal(vatFen, registration.VatOf(Money.FromMinorUnits(fen, Currency.CNY)).MinorUnits);
    }

    [Fact]
    public void VatOf_EveryAmountToTwoHundredYuan_BaseWithinHalfAFenOfTheExactQuotient()
    {
        var registration = VatRegistration.SmallScale();
        for (long fen = 1; fen <= 20_000; fen++)
        {
            var baseFen = fen - registration.VatOf(Money.FromMinorUnits(fen, Currency.CNY)).MinorUnits;
            Assert.InRange((baseFen * 10_100) - (fen * 10_000), -5_050, 5_050);
        }
    }

    [Fact]
    public void SmallScaleSale_ComputesVatAtOnePercent_OnTheVatAccount_AndDistributesTheBase()
    {
        var sale = SellOk(Sale(Shop, 1_010m));

        Assert.Equal(Cny(1_000m), sale.Base);
        Assert.Equal(Cny(10m), sale.ComputedVat);
        Assert.Equal(1_000, Balance(Shop, "2221.01"));
        Assert.Equal(100_000, Balance(Shop, "5001.03"));
        Assert.Equal(Cny(1_000m), sale.Distributions.Single().Base);
        Assert.Equal(25_000, sale.Distributions.Single().Parts.Hub);
    }

    [Fact]
    public void GeneralTaxpayerSale_CreditsOutputVat_AtSixPercent()
    {
        SellOk(Sale(Studio, 106m));

        Assert.Equal(600, Balance(Studio, "2221.01.06"));
        Assert.Equal(10_000, Balance(Studio, "5001.03"));
    }

    [Fact]
    public void GeneralTaxpayer_ChartHasTheVatColumns_SmallScaleKeepsVatPayableAsALeaf()
    {
        var definition = Definition();
        var general = definition.FindEntity(Studio)!.Chart;
        var small = definition.FindEntity(Shop)!.Chart;

        Assert.Equal(["进项税额", "销项税额抵减", "已交税金", "转出未交增值税", "减免税款", "销项税额", "进项税额转出", "转出多交增值税"],
            general.Accounts.Where(a => a.Code.Parent == ChartTemplates.VatPayable).Select(a => a.NameZh));
        Assert.True(small.IsLeaf(ChartTemplates.VatPayable));
    }

    [Fact]
    public void ProviderWithoutStatus_KeepsTheStatedVat_ZeroByDefault()
    {
        var sale = SellOk(Sale(Plain, 100m));

        Assert.Null(sale.ComputedVat);
        Assert.Equal(sale.Amount, sale.Base);
    }

    [Fact]
    public void Override_WithoutReason_IsRefused()
    {
        var result = Sell(Sale(Shop, 1_010m) with { Vat = Cny(0m) });

        Assert.Equal(EconomyErrorCodes.VatOverrideReasonRequired, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Override_WithReason_IsRecordedOnTheSaleAndItsJournal()
    {
        var sale = SellOk(Sale(Shop, 1_010m) with { Vat = Cny(0m), VatOverrideReason = "免税项目 exempt service (税务机关备案)" });
        var journal = JournalOf(sale);

        Assert.Equal(Cny(10m), sale.ComputedVat);
        Assert.Equal(sale.Amount, sale.Base);
        Assert.Equal("override", journal.Metadata["sale.vat_basis"]);
        Assert.Equal("1000", journal.Metadata["sale.vat_computed"]);
        Assert.Equal("免税项目 exempt service (税务机关备案)", journal.Metadata["sale.vat_override_reason"]);
    }

    [Fact]
    public void StatedVat_EqualToTheComputedOne_NeedsNoReason()
    {
        var sale = SellOk(Sale(Shop, 1_010m) with { Vat = Cny(10m) });

        Assert.Equal("computed", JournalOf(sale).Metadata["sale.vat_basis"]);
    }

    [Fact]
    public void MonthWithinThreshold_CloseTakesTheAccruedVatToNonOperatingIncome()
    {
        SellOk(Sale(Shop, 1_010m));
        SellOk(Sale(Shop, 1_010m, date: new LocalDate(2026, 3, 20)));

        var exemption = Exemption(CloseMarch());

        Assert.NotNull(exemption);
        Assert.Equal(new LocalDate(2026, 3, 31), exemption.AccountingDate);
        Assert.Contains(exemption.Lines, l => l.Account == ChartTemplates.VatPayable && l.Side == Side.Debit && l.Amount == Cny(20m));
        Assert.Contains(exemption.Lines, l => l.Account == ChartTemplates.VatExemptIncome && l.Side == Side.Credit && l.Amount == Cny(20m));
        Assert.Equal(0, Balance(Shop, "2221.01"));
        Assert.Equal(0, Balance(Shop, "5301.01")); // closed into 本年利润 with the month's other revenue
        Assert.Equal(200_000 + 2_000 - 50_000 - 10_000, Balance(Shop, "3103"));
    }

    [Fact]
    public void MonthExactlyAtThreshold_IsExempt()
    {
        SellOk(Sale(Shop, 1_010m, quantity: 100)); // 101,000.00: base 100,000.00, VAT 1,000.00

        var exemption = Exemption(CloseMarch());

        Assert.NotNull(exemption);
        Assert.Equal("10000000", exemption.Metadata["vat.exemption.sales"]);
        Assert.Equal(0, Balance(Shop, "2221.01"));
    }

    [Fact]
    public void MonthOverThreshold_KeepsTheVatPayable()
    {
        SellOk(Sale(Shop, 1_010m, quantity: 100));
        SellOk(Sale(Shop, 1_010m));

        Assert.Null(Exemption(CloseMarch()));
        Assert.Equal(101_000, Balance(Shop, "2221.01"));
    }

    [Fact]
    public void MonthCrossingThreshold_AfterItsFirstSales_ExemptsNothing()
    {
        SellOk(Sale(Shop, 1_010m, quantity: 50, date: new LocalDate(2026, 3, 2)));
        SellOk(Sale(Shop, 1_010m, quantity: 50, date: new LocalDate(2026, 3, 15)));
        SellOk(Sale(Shop, 1_010m, quantity: 1, date: new LocalDate(2026, 3, 31)));

        Assert.Null(Exemption(CloseMarch()));
        Assert.Equal(101_000, Balance(Shop, "2221.01"));
    }

    [Fact]
    public void GeneralTaxpayer_HasNoMonthlyExemption()
    {
        SellOk(Sale(Studio, 106m));

        Assert.Null(Exemption(CloseMarch()));
        Assert.Equal(600, Balance(Studio, "2221.01.06"));
    }

    [Fact]
    public void NonProfitEntity_CannotTakeAVatStatus()
    {
        var npo = new AccountingEntity(EntityId.From("npo"), "民非", EntityKind.Provider, AccountingProfile.NpoCn);

        Assert.Throws<ArgumentException>(() => npo.WithVat(VatRegistration.SmallScale()));
    }
}
