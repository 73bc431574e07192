using System.Collections.Immutable;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using CommunityFund.Tests.Economy;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Reports;

/// <summary>Sales of a fen or two, where carry-forward gives the hub and the fund nothing: a distribution record still
/// exists, and the audit checks against the records instead of crying wolf.</summary>
public class SmallSalesAuditTests
{
    private readonly EconomyBooks _books = EconomyBooks.Create();

    public SmallSalesAuditTests() => Assert.True(_books.Publish(TeaPackage()).Succeeded);

    [Fact]
    public void OneFenSale_HasADistributionRecordOfItsBase_WithTheProvidersPartOnly()
    {
        var sale = _books.SellOk(Tea());

        var record = Assert.Single(sale.Distributions);
        Assert.Equal((Cny(0.01m), new SharePartition(1, 0, 0)), (record.Base, record.Parts));
        Assert.Equal(sale.Journal, record.Journal);
        Assert.Equal(3, record.CarryAfter.Length);
    }

    [Fact]
    public void OneFenSale_PostsNoDistributionJournal()
    {
        _books.SellOk(Tea());

        Assert.DoesNotContain(_books.Journals(), j => j.Kind == CommunityFund.Ledger.JournalKind.Distribution);
    }

    [Fact]
    public async Task Audit_OfOneFenSales_HasNoFindings()
    {
        for (var day = 1; day <= 28; day++)
        {
            _books.SellOk(Tea(new LocalDate(2026, 3, day)) with { Quantity = day % 3 == 0 ? 2 : 1 });
        }

        var report = await Audit();

        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task Audit_OfAPrepaidSaleWithVat_MatchesTheDistributionsToTheRevenueWithoutVat()
    {
        var prepaid = _books.SellOk(PaidMeal() with { Prepaid = true, Vat = Cny(5.66m) });
        Assert.True(_books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 9), 1) { Sale = prepaid.Id }).Succeeded);
        Assert.True(_books.Deliver(new DeliveryRequest(new LocalDate(2026, 3, 10), 3) { Sale = prepaid.Id }).Succeeded);

        var report = await Audit();

        Assert.Empty(report.Findings);
    }

    [Fact]
    public async Task Audit_OfADistributionRecordThatDisagreesWithItsJournal_FindsTheMismatch()
    {
        var sale = _books.SellOk(PaidMeal());
        var changed = sale.Distributions[0] with { Base = Cny(90m) };
        await _books.Store.ApplyAsync(EconomyBooks.Ledger, new EconomyChanges { Sales = [sale with { Distributions = [changed] }] });

        var report = await Audit();

        // The record no longer matches the revenue (10.00 undistributed) nor its journal, and its parts no longer are
        // the exact shares of its base: all three are named, and nothing else.
        Assert.Equal(["distribution.drift", "distribution.missing", "distribution.record_mismatch"], report.Findings.Select(f => f.Code).Distinct().Order().ToArray());
        Assert.Contains(report.Findings, f => f.Code == "distribution.record_mismatch" && f.Message.Contains("split 100.00 CNY, but its records say 90.00 CNY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_OfASaleWhoseDistributionRecordIsGone_FindsItMissing()
    {
        var sale = _books.SellOk(Tea());
        await _books.Store.ApplyAsync(EconomyBooks.Ledger, new EconomyChanges { Sales = [sale with { Distributions = [] }] });

        var report = await Audit();

        Assert.Equal("distribution.missing", Assert.Single(report.Findings).Code);
    }

    [Fact]
    public async Task Audit_OfRecordsThatMovedABaseBetweenTwoSales_NamesBothSales_ThoughTheTotalsAgree()
    {
        var first = _books.SellOk(PaidMeal());
        var second = _books.SellOk(PaidMeal() with { ResidentReference = "r-0002" });
        var moved = Cny(10m);
        await _books.Store.ApplyAsync(EconomyBooks.Ledger, new EconomyChanges
        {
            Sales =
            [
                first with { Distributions = [first.Distributions[0] with { Base = first.Distributions[0].Base - moved }] },
                second with { Distributions = [second.Distributions[0] with { Base = second.Distributions[0].Base + moved }] },
            ],
        });

        var report = await Audit();

        var named = report.Findings.Where(f => f.Code == "distribution.missing").Select(f => f.Message).ToList();
        Assert.Equal(2, named.Count);
        Assert.Contains(named, m => m.Contains(first.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(named, m => m.Contains(second.Id.ToString(), StringComparison.Ordinal));
    }

    private static ServicePackage TeaPackage() => new(
        "tea", ElderCare, 1, "茶歇", "Tea", 1, Money.Zero(Currency.HOUR),
        ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Cny(0.01m)) }),
        Start);

    private static SaleRequest Tea(LocalDate? date = null) =>
        new(ElderCare, "tea", PricingTier.Paid, 1, Cny(0.01m), PaymentChannel.Cash, date ?? new LocalDate(2026, 3, 2), "r-0001");

    private Task<AuditReport> Audit() => LedgerAudit.RunAsync(_books.Ledgers, _books.Store, EconomyBooks.Ledger);
}
