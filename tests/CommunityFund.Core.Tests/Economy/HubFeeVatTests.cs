using System.Collections.Immutable;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests.Economy;

/// <summary>The hub's 25% fee carries output VAT by the hub's status (ADR 0022): the hub's revenue is the fee less its
/// VAT, computed on the cumulative fees so the VAT is exact to the fen; a general-taxpayer provider records it as input
/// VAT; refunds reverse it in proportion and never more than was charged; a statement's VAT is the sum of its items'.</summary>
public sealed class HubFeeVatTests
{
    private static readonly LedgerId Ledger = LedgerId.From("hub-vat");
    private static readonly EntityId Shop = EntityId.From("shop");
    private static readonly EntityId Studio = EntityId.From("studio");
    private static readonly EntityId Hub = EntityId.From("hub");
    private static readonly EntityId Fund = EntityId.From("fund");
    private static readonly LocalDate Start = new(2026, 1, 1);
    private static readonly LocalDate March = new(2026, 3, 2);

    private readonly InMemoryLedgerStore _store = new();
    private readonly HashSet<string> _published = [];
    private CommunityEconomy _economy = null!;

    private static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    private static Money Fen(long fen) => Money.FromMinorUnits(fen, Currency.CNY);

    /// <summary>Books with a small-scale provider (shop, 1%), a general-taxpayer provider (studio, 6%), the hub with
    /// <paramref name="hubVat"/> and the fund; the standard 70/25/5 policy; packages are published as they are sold.</summary>
    private HubFeeVatTests Open(VatRegistration? hubVat)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 1, 0));
        _economy = new CommunityEconomy(_store, new PostingEngine(_store, clock), clock);
        var hub = new AccountingEntity(Hub, "枢纽社会企业", EntityKind.Hub, AccountingProfile.SmeCn);
        var definition = new LedgerDefinition(Ledger, "Hub VAT", Start)
            .WithEntity(new AccountingEntity(Shop, "小规模社会企业", EntityKind.Provider, AccountingProfile.SmeCn).WithVat(VatRegistration.SmallScale()))
            .WithEntity(new AccountingEntity(Studio, "一般纳税人社会企业", EntityKind.Provider, AccountingProfile.SmeCn).WithVat(VatRegistration.General()))
            .WithEntity(hubVat is null ? hub : hub.WithVat(hubVat))
            .WithEntity(new AccountingEntity(Fund, "社区基金", EntityKind.CommunityFund, AccountingProfile.NpoCn));
        Assert.True(_store.CreateLedgerAsync(definition).GetAwaiter().GetResult());
        Assert.True(_economy.AddPolicyAsync(Ledger, DistributionPolicy.Standard(Hub, Fund, Start)).GetAwaiter().GetResult().Succeeded);
        return this;
    }

    /// <summary>Sells one unit of the provider's package at <paramref name="price"/> (published at that price on first use).</summary>
    private SaleRecord Sell(EntityId provider, Money price, LocalDate? date = null)
    {
        var id = $"{provider}-{price.MinorUnits}";
        if (_published.Add(id))
        {
            var package = new ServicePackage(id, provider, 1, "课", "Class", 1, Money.Zero(Currency.HOUR),
                ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(price) }), Start);
            Assert.True(_economy.PublishPackageAsync(Ledger, package).GetAwaiter().GetResult().Succeeded);
        }

        var result = _economy.RecordSaleAsync(Ledger, new SaleRequest(provider, id, PricingTier.Paid, 1, price, PaymentChannel.Bank, date ?? March, "r-0001"))
            .GetAwaiter().GetResult();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    private SaleRecord Refund(SaleRecord sale, Money amount, LocalDate date)
    {
        var result = _economy.RefundAsync(Ledger, new RefundRequest(sale.Id, amount, date, "resident cancelled")).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    private SettlementStatement Statement(EntityId provider, int month)
    {
        var result = _economy.PrepareStatementAsync(Ledger, provider, Hub, new YearMonth(2026, month)).GetAwaiter().GetResult();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    /// <summary>The account's balance on the credit side (negative when it is a debit balance).</summary>
    private long Credit(EntityId entity, string account) =>
        _store.GetBalancesAsync(Ledger, entity, null).GetAwaiter().GetResult()
            .Where(b => b.Account == AccountCode.Parse(account)).Sum(b => b.CreditMinorUnits - b.DebitMinorUnits);

    [Fact]
    public void SmallScaleHub_CreditsOneTenthOfItsFeeAsVat_AndTheRestAsRevenue()
    {
        Open(VatRegistration.SmallScale());

        var sale = Sell(Shop, Cny(1_010m)); // base 1,000.00: the hub's fee 250.00 = 247.52 + 2.48 VAT at 1%

        Assert.Equal(248, sale.Distributions.Single().HubVat);
        Assert.Equal(248, Credit(Hub, "2221.01"));
        Assert.Equal(24_752, Credit(Hub, "5001.01"));
        Assert.Equal(-25_000, Credit(Hub, "1122.01"));
    }

    [Fact]
    public void SmallScaleProvider_BooksTheWholeFeeAsItsCost()
    {
        Open(VatRegistration.SmallScale());

        Sell(Shop, Cny(1_010m));

        Assert.Equal(-25_000, Credit(Shop, "5401.01"));
        Assert.Equal(25_000, Credit(Shop, "2241.02"));
    }

    [Fact]
    public void GeneralTaxpayerProvider_RecordsTheHubsVatAsInputVat_AndTheRestAsCost()
    {
        Open(VatRegistration.General());

        Sell(Studio, Cny(106m)); // base 100.00: the hub's fee 25.00 = 23.58 + 1.42 VAT at 6%

        Assert.Equal(-142, Credit(Studio, "2221.01.01"));
        Assert.Equal(-2_358, Credit(Studio, "5401.01"));
        Assert.Equal(2_500, Credit(Studio, "2241.02"));
    }

    [Fact]
    public void GeneralTaxpayerHub_CreditsItsOutputVatColumn()
    {
        Open(VatRegistration.General());

        Sell(Studio, Cny(106m));

        Assert.Equal(142, Credit(Hub, "2221.01.06"));
        Assert.Equal(2_358, Credit(Hub, "5001.01"));
    }

    [Fact]
    public void HubWithoutStatus_BooksTheWholeFeeAsRevenue_AsBefore()
    {
        Open(null);

        var sale = Sell(Studio, Cny(106m));

        Assert.Null(sale.Distributions.Single().HubVat);
        Assert.Equal(2_500, Credit(Hub, "5001.01"));
        Assert.Equal(-2_500, Credit(Studio, "5401.01"));
        Assert.Equal(0, Credit(Studio, "2221.01.01"));
        Assert.Equal(Fen(0), Statement(Studio, 3).Vat);
    }

    [Fact]
    public void FeesVat_IsComputedOnTheCumulativeFees_SoItSumsToTheVatOfTheirTotal()
    {
        Open(VatRegistration.SmallScale());

        var sales = new[] { 1.01m, 0.51m, 3.03m, 0.07m, 2_000m }.Select(price => Sell(Shop, Cny(price))).ToList();

        var fees = sales.Sum(s => s.Distributions.Single().Parts.Hub);
        Assert.Equal(VatRegistration.SmallScale().VatOf(Fen(fees)).MinorUnits, sales.Sum(s => s.Distributions.Single().HubVat!.Value));
    }

    [Fact]
    public async Task FeesVat_ReadsTheRunningTotalOfTheFees_NotTheProvidersEarlierSales()
    {
        Open(VatRegistration.SmallScale());
        Sell(Shop, Cny(1.01m));
        Sell(Shop, Cny(0.51m));
        var reads = new KindCountingStore(_store, EconomyRecords.Sale.Kind);
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 2, 0));
        _economy = new CommunityEconomy(reads, new PostingEngine(reads, clock), clock);

        Sell(Shop, Cny(3.03m));

        Assert.Equal(0, reads.Listings);
        Assert.Equal(await StoredFeesAsync(), Fees(Shop));
    }

    [Fact]
    public async Task BooksWithoutTheRunningTotal_SumTheSalesOnce_SoTheVatStaysExact()
    {
        Open(VatRegistration.SmallScale());
        var sales = new[] { 1.01m, 0.51m, 3.03m }.Select(price => Sell(Shop, Cny(price))).ToList();
        Assert.Equal(1, await _store.DeleteDocumentsAsync(Ledger, EconomyRecords.HubFees.Kind, [$"{Shop}/{Hub}"])); // books before the total

        sales.AddRange(new[] { 0.07m, 2_000m }.Select(price => Sell(Shop, Cny(price))));

        var fees = sales.Sum(s => s.Distributions.Single().Parts.Hub);
        Assert.Equal(VatRegistration.SmallScale().VatOf(Fen(fees)).MinorUnits, sales.Sum(s => s.Distributions.Single().HubVat!.Value));
        Assert.Equal(fees, await StoredFeesAsync());
    }

    [Fact]
    public async Task Audit_OfBooksKeepingTheRunningTotals_FindsNothing()
    {
        Open(VatRegistration.SmallScale());
        var sale = Sell(Shop, Cny(1.01m));
        Sell(Studio, Cny(106m));
        Sell(Shop, Cny(2_000m), new LocalDate(2026, 3, 3));
        Refund(sale, Cny(1.01m), new LocalDate(2026, 3, 4));

        var report = await LedgerAudit.RunAsync(_store, Ledger, null);

        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task Audit_OfARunningTotalThatDisagreesWithTheFees_NamesTheProviderAndTheFigures()
    {
        Open(VatRegistration.SmallScale());
        Sell(Shop, Cny(1.01m));
        Sell(Shop, Cny(3.03m));
        Sell(Studio, Cny(106m));
        var fees = Fees(Shop);
        await _store.PutDocumentsAsync(Ledger, [EconomyRecords.HubFees.Write($"{Shop}/{Hub}", Shop.Value, 0, fees - 1)]);

        var report = await LedgerAudit.RunAsync(_store, Ledger, null);

        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingSeverity.Error, AuditFindingCodes.HubFeesTotalMismatch, Shop), (finding.Severity, finding.Code, finding.Entity));
        Assert.Contains($"hub-fees/shop/hub) is {Fen(fees - 1)}, but its distributions charged {Fen(fees)}", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_OfBooksWrittenBeforeTheRunningTotal_FindsNothing()
    {
        Open(VatRegistration.SmallScale());
        Sell(Shop, Cny(1.01m));
        Sell(Shop, Cny(3.03m));
        Assert.Equal(1, await _store.DeleteDocumentsAsync(Ledger, EconomyRecords.HubFees.Kind, [$"{Shop}/{Hub}"]));

        var report = await LedgerAudit.RunAsync(_store, Ledger, null);

        Assert.Empty(report.Findings);
    }

    /// <summary>The shop's running total of hub fees, or -1 when there is none.</summary>
    private async Task<long> StoredFeesAsync() =>
        await _store.GetDocumentAsync(Ledger, EconomyRecords.HubFees.Kind, $"{Shop}/{Hub}") is { } total ? EconomyRecords.HubFees.Read(total) : -1;

    /// <summary>The hub fees of the provider's sales, from their records.</summary>
    private long Fees(EntityId provider) =>
        _store.ListDocumentsAsync(Ledger, EconomyRecords.Sale.Kind, provider.Value).GetAwaiter().GetResult()
            .Select(EconomyRecords.Sale.Read).Sum(s => s.Distributions.Sum(d => d.Parts.Hub));

    [Fact]
    public void Statement_VatIsTheSumOfItsItemsVat_AndItsLinesCarryIt()
    {
        Open(VatRegistration.General());
        Sell(Studio, Cny(106m));
        Sell(Studio, Cny(53m));

        var statement = Statement(Studio, 3);

        Assert.Equal(statement.Items.Sum(i => i.VatMinorUnits), statement.Vat.MinorUnits);
        Assert.Equal(VatRegistration.General().VatOf(statement.Amount), statement.Vat);
    }

    [Fact]
    public void FullRefund_ReversesExactlyTheVatCharged()
    {
        Open(VatRegistration.General());
        var sale = Sell(Studio, Cny(106m));

        Refund(sale, Cny(50m), new LocalDate(2026, 3, 10));
        var refunded = Refund(sale, Cny(56m), new LocalDate(2026, 3, 11));

        Assert.Equal(142, refunded.Refunds.Sum(r => r.HubVatReversed));
        Assert.Equal(0, Credit(Hub, "2221.01.06"));
        Assert.Equal(0, Credit(Studio, "2221.01.01"));
        Assert.Equal(0, Credit(Hub, "5001.01"));
    }

    [Fact]
    public void RefundAfterTheStatement_NetsItsVatOnTheNextStatement()
    {
        Open(VatRegistration.General());
        var sale = Sell(Studio, Cny(106m)); // fee 25.00, VAT 1.42
        Statement(Studio, 3);
        Sell(Studio, Cny(212m), new LocalDate(2026, 4, 2)); // fee 50.00, VAT 4.25 − 1.42 = 2.83 (on the cumulative 75.00)

        Refund(sale, Cny(106m), new LocalDate(2026, 4, 3));
        var april = Statement(Studio, 4);

        Assert.Equal(Cny(25m), april.Amount);
        Assert.Equal(283 - 142, april.Vat.MinorUnits);
        Assert.Equal(283, Credit(Hub, "2221.01.06"));
    }

    /// <summary>Random sales (0.01 to 2,000.00) of both providers with random refunds between them: every fee is its
    /// revenue plus its VAT to the fen, the fees' VAT is the VAT of their total, a statement's VAT is the sum of its
    /// items', and no VAT account or sale's VAT is ever negative or reversed beyond what was charged.</summary>
    [Fact]
    public void RandomSalesAndRefunds_KeepTheHubsVatExact() =>
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(1, 200_000), Gen.Choose(0, 3)).ListOf().Where(l => l.Count is > 0 and <= 12)), steps =>
        {
            var books = new HubFeeVatTests().Open(VatRegistration.General());
            books.Check([.. steps]);
        }).Check(Generators.Runs(60));

    private void Check(IReadOnlyList<(int Fen, int Refund)> steps)
    {
        var registration = VatRegistration.General();
        var sales = new List<SaleRecord>();
        foreach (var (fen, refund) in steps)
        {
            var provider = fen % 2 == 0 ? Studio : Shop;
            var sale = Sell(provider, Fen(fen));
            sales.Add(refund == 0 ? sale : Refund(sale, Fen(Math.Max(1, fen / refund)), new LocalDate(2026, 3, 20)));
            var d = sale.Distributions.Single();
            Assert.InRange(d.HubVat!.Value, 0, d.Parts.Hub);
        }

        foreach (var provider in new[] { Shop, Studio })
        {
            var mine = sales.Where(s => s.Request.Provider == provider).ToList();
            var fees = mine.Sum(s => s.Distributions.Single().Parts.Hub);
            Assert.Equal(registration.VatOf(Fen(fees)).MinorUnits, mine.Sum(s => s.Distributions.Single().HubVat!.Value));
            Assert.All(mine, s => Assert.InRange(s.Refunds.Sum(r => r.HubVatReversed), 0, s.Distributions.Single().HubVat!.Value));
            if (mine.Sum(s => s.Distributions.Single().Parts.Hub - s.Refunds.Sum(r => r.Reversed.Hub)) > 0)
            {
                var statement = Statement(provider, 3);
                Assert.Equal(statement.Items.Sum(i => i.VatMinorUnits), statement.Vat.MinorUnits);
                Assert.Equal(mine.Sum(s => s.Distributions.Single().HubVat!.Value - s.Refunds.Sum(r => r.HubVatReversed)), statement.Vat.MinorUnits);
            }
        }

        Assert.InRange(Credit(Hub, "2221.01.06"), 0, long.MaxValue);
        Assert.InRange(-Credit(Studio, "2221.01.01"), 0, long.MaxValue);
        Assert.Equal(Credit(Hub, "2221.01.06"), -Credit(Studio, "2221.01.01") + sales.Where(s => s.Request.Provider == Shop)
            .Sum(s => s.Distributions.Single().HubVat!.Value - s.Refunds.Sum(r => r.HubVatReversed)));
    }
}
