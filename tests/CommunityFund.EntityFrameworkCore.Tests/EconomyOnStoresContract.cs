using System.Collections.Immutable;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The community economy on every store: its records are written with its journals and read back whole.</summary>
public abstract partial class EconomyOnStoresContract : IAsyncLifetime
{
    private static readonly LedgerId Ledger = LedgerId.From("economy");
    private static readonly EntityId Provider = EntityId.From("elder-care");
    private static readonly EntityId Hub = EntityId.From("hub");
    private static readonly EntityId Fund = EntityId.From("fund");
    private static readonly EntityId Committee = EntityId.From("committee");
    private static readonly EntityId Tutor = EntityId.From("tutor");
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 3, 1, 0, 0));
    private IBackend _backend = null!;

    protected abstract Task<IBackend> CreateBackendAsync();

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        await _backend.Store.CreateLedgerAsync(new LedgerDefinition(Ledger, "Economy", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Provider, "长者服务中心", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Hub, "枢纽", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Fund, "社区基金", EntityKind.CommunityFund, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Committee, "居委会", EntityKind.Community, AccountingProfile.MemoOnly)));
    }

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public async Task SalesRefundsAndSettlements_AreKeptWithTheirJournalsAndReadBackWhole()
    {
        var economy = Open(_backend.Store);
        Assert.True((await economy.AddPolicyAsync(Ledger, DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 1, 1)))).Succeeded);
        Assert.True((await economy.PublishPackageAsync(Ledger, new ServicePackage("meals", Provider, 1, "助餐", "Meals", 4, Money.Zero(Currency.HOUR),
            ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Money.FromDecimal(0.15m, Currency.CNY)) }),
            new LocalDate(2026, 1, 1)) { SessionsDeliveredAtSale = true })).Succeeded);
        var sales = new List<SaleRecord>();
        for (var i = 0; i < 7; i++)
        {
            var sale = await economy.RecordSaleAsync(Ledger, new SaleRequest(Provider, "meals", PricingTier.Paid, 1 + i, Money.FromDecimal(0.15m, Currency.CNY),
                PaymentChannel.WeChatPay, new LocalDate(2026, 3, 2 + i), $"r-{i}") { Prepaid = i == 6 }, $"sale-{i}");
            Assert.True(sale.Succeeded, string.Join("; ", sale.Errors));
            sales.Add(sale.Value!);
        }

        Assert.True((await economy.RecordDeliveryAsync(Ledger, new DeliveryRequest(new LocalDate(2026, 3, 12), 3) { Sale = sales[6].Id })).Succeeded);
        Assert.True((await economy.RefundAsync(Ledger, new RefundRequest(sales[2].Id, Money.FromDecimal(0.2m, Currency.CNY), new LocalDate(2026, 3, 20), "cancelled"))).Succeeded);
        var statement = (await economy.PrepareStatementAsync(Ledger, Provider, Hub, new YearMonth(2026, 3))).Value!;
        Assert.True((await economy.MarkInvoicedAsync(Ledger, statement.Id, "INV-1")).Succeeded);
        // WeChat Pay pays the 4.00 it holds (4.20 sold, 0.20 refunded) out to the bank, less a 0.02 fee.
        Assert.True((await economy.ClearAsync(Ledger, new ClearingRequest(Provider, PaymentChannel.WeChatPay, new LocalDate(2026, 4, 1), Money.FromDecimal(4m, Currency.CNY), Money.FromDecimal(0.02m, Currency.CNY)), "clear-1")).Succeeded);
        Assert.True((await economy.SettleAsync(Ledger, statement.Id, new LocalDate(2026, 4, 2), "settle-1")).Succeeded);

        // A fresh process: everything is read back from the store.
        var reopened = Open(_backend.OpenAnother());
        var records = await reopened.Records.ListSalesAsync(Ledger, Provider);
        Assert.Equal(sales.Select(s => s.Id), records.Select(r => r.Id));
        Assert.Equal(Money.FromDecimal(0.2m, Currency.CNY), records[2].Refunded);
        Assert.Equal(3, records[6].SessionsDelivered);
        Assert.Equal(SettlementStatus.Settled, (await reopened.Records.GetStatementAsync(Ledger, statement.Id))!.Status);
        Assert.All(await DistributionReports.FairnessAsync(reopened.Records, Ledger), s =>
        {
            Assert.All(s.Lines, l => Assert.True(Math.Abs(l.Drift) < 0.01m, $"{l.Party} drifted by {l.Drift}"));
            Assert.True(s.IsFair);
        });
        Assert.All(await DistributionReports.ReconcileDueToDueFromAsync(_backend.Store, Ledger), r =>
        {
            Assert.Equal(r.ProviderOwes, r.CounterpartyClaims);
            Assert.True(r.Agrees, r.ToString());
        });
        Assert.True((await LedgerIntegrity.CheckAsync(_backend.Store, Ledger)).IsSound);

        // A replayed key on the reopened economy returns the original sale.
        var replay = await reopened.RecordSaleAsync(Ledger, new SaleRequest(Provider, "meals", PricingTier.Paid, 1, Money.FromDecimal(0.15m, Currency.CNY),
            PaymentChannel.WeChatPay, new LocalDate(2026, 3, 2), "r-0"), "sale-0");
        Assert.Equal((PostingOutcome.AlreadyExists, sales[0].Id), (replay.Outcome, replay.Value!.Id));
    }

    [Fact]
    public async Task DistributionReportPages_AreTheWholeReport_WhetherADistributionHasAJournalOfItsOwnOrNot()
    {
        var economy = Open(_backend.Store);
        Assert.True((await economy.AddPolicyAsync(Ledger, DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 1, 1)))).Succeeded);
        foreach (var (package, price) in new[] { ("meals", 0.15m), ("tea", 0.01m) })
        {
            Assert.True((await economy.PublishPackageAsync(Ledger, new ServicePackage(package, Provider, 1, package, package, 4, Money.Zero(Currency.HOUR),
                ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Money.FromDecimal(price, Currency.CNY)) }),
                new LocalDate(2026, 1, 1)) { SessionsDeliveredAtSale = true })).Succeeded);
        }

        // Sales of 0.01 leave the hub and the fund nothing to post: their distributions are recorded on the sale's journal.
        for (var i = 0; i < 30; i++)
        {
            var (package, price) = i % 3 == 0 ? ("tea", 0.01m) : ("meals", 0.15m);
            var sale = await economy.RecordSaleAsync(Ledger, new SaleRequest(Provider, package, PricingTier.Paid, 1, Money.FromDecimal(price, Currency.CNY),
                PaymentChannel.WeChatPay, new LocalDate(2026, 2, 1 + (i * 5 % 27)), $"r-{i}"), $"page-sale-{i}");
            Assert.True(sale.Succeeded, string.Join("; ", sale.Errors));
        }

        var whole = await DistributionReports.DistributionsAsync(economy.Records, Ledger);
        var sales = await economy.Records.ListSalesAsync(Ledger, Provider);
        var journals = sales.SelectMany(s => s.Distributions).Select(d => d.Journal).ToHashSet();
        Assert.Contains(sales, s => s.Distributions.Any(d => d.Journal == s.Journal)); // some recorded on the sale's journal
        Assert.Contains(sales, s => s.Distributions.Any(d => d.Journal != s.Journal));
        foreach (var reader in new[] { economy, Open(_backend.OpenAnother()) })
        {
            var paged = new List<DistributionReportRow>();
            for (JournalId? after = null; ;)
            {
                var page = await reader.Totals.DistributionsPageAsync(Ledger, Provider, null, null, after, 4);
                paged.AddRange(page);
                if (page.Length < 4)
                {
                    break;
                }

                after = page[^1].Distribution.Journal;
            }

            Assert.Equal(whole.Select(r => (r.Sale, r.Distribution.Journal)), paged.Select(r => (r.Sale, r.Distribution.Journal)));
        }

        Assert.Equal(30, journals.Count);
    }

    [Fact]
    public async Task ARefundAfterItsStatement_FindsTheStatementByTheSalesJournal_InAFreshProcess()
    {
        var economy = Open(_backend.Store);
        await SeedMealsAsync(economy);
        var sale = (await economy.RecordSaleAsync(Ledger, Meal(0) with { Quantity = 20 })).Value!;
        var statement = (await economy.PrepareStatementAsync(Ledger, Provider, Hub, new YearMonth(2026, 3))).Value!;

        var reopened = Open(_backend.OpenAnother());
        var refunded = await reopened.RefundAsync(Ledger, new RefundRequest(sale.Id, Money.FromDecimal(1m, Currency.CNY), new LocalDate(2026, 4, 2), "cancelled"));

        var index = await _backend.Store.GetDocumentAsync(Ledger, EconomyRecords.BilledOn.Kind, $"{sale.Distributions[0].Journal}/Hub");
        Assert.Equal(statement.Id, EconomyRecords.BilledOn.Read(index!));
        var refund = Assert.Single(refunded.Value!.Refunds);
        Assert.True(refund.Reversed.Hub > 0);
        Assert.Equal((0L, refund.Reversed.Hub), (refund.HubStatementItem, refund.HubClawback)); // billed: the hub gives it back
    }

    [Fact]
    public async Task LeasesAndTheFund_AreKeptWithTheirJournalsAndReadBackWhole()
    {
        var store = _backend.Store;
        var engine = new PostingEngine(store, _clock);
        var agreements = new CommunityAgreements(store, engine);
        var fund = new FundBooks(store, engine);
        var cny = (decimal amount) => Money.FromDecimal(amount, Currency.CNY);
        Assert.True((await agreements.RegisterAsync(Ledger, new ServiceAgreement("living-room", AgreementKind.NominalLease, Committee, Provider,
            new LocalDate(2026, 1, 1), new LocalDate(2027, 12, 31), [new ServiceObligation("sessions", Money.FromMinorUnits(8, Currency.COUNT))])
        {
            Lease = new LeaseTerms(new LeasedSpace("Living room", 80m), cny(1m), RentFrequency.Yearly, new FairValue(cny(24_000m), "survey")),
        })).Succeeded);
        Assert.True((await agreements.ActivateAsync(Ledger, "living-room")).Succeeded);
        Assert.True((await agreements.PostDueAsync(Ledger, "living-room", new LocalDate(2026, 2, 28))).Succeeded);
        var delivery = await agreements.RecordDeliveryAsync(Ledger, new ServiceDelivery("living-room", "sessions", new LocalDate(2026, 2, 3), Money.FromMinorUnits(5, Currency.COUNT), 30, "sheet"), "delivery-1");
        Assert.True(delivery.Succeeded, string.Join("; ", delivery.Errors));
        Assert.True((await fund.ReceiveDonationAsync(Ledger, new DonationReceipt(Fund, new LocalDate(2026, 1, 5), cny(1_000m), "d-1") { Restriction = "stairway" }, "donation-1")).Succeeded);
        Assert.True((await fund.ReceiveDonationAsync(Ledger, new DonationReceipt(Fund, new LocalDate(2026, 1, 6), cny(5_000m), "d-2"))).Succeeded);
        Assert.True((await fund.AwardGrantAsync(Ledger, new GrantAward(Fund, "stairway", new LocalDate(2026, 1, 9), cny(400m), "handrails") { Restriction = "stairway" })).Succeeded);
        Assert.Equal(CommunityErrorCodes.RestrictionInsufficient,
            (await fund.AwardGrantAsync(Ledger, new GrantAward(Fund, "stairway", new LocalDate(2026, 1, 9), cny(600.01m), "more") { Restriction = "stairway" })).Errors[0].Code);
        var (close, _) = await new PeriodClosing(store, engine).CloseAsync(Ledger, new YearMonth(2026, 1));
        Assert.True(close.Closed, string.Join("; ", close.Errors));

        // A fresh process: the agreement's progress and deliveries are read back, so nothing is posted twice.
        var another = _backend.OpenAnother();
        var reopened = new CommunityAgreements(another, new PostingEngine(another, _clock));
        var again = await reopened.PostDueAsync(Ledger, "living-room", new LocalDate(2026, 2, 28));
        Assert.Equal((PostingOutcome.AlreadyExists, 1, 2), (again.Outcome, again.Value!.PeriodsCharged, again.Value.MonthsOpened));
        Assert.Equal(delivery.Value!.Journal, Assert.Single(await reopened.ListDeliveriesAsync(Ledger, "living-room")).Journal);
        var status = (await reopened.ObligationStatusAsync(Ledger, "living-room", new LocalDate(2026, 2, 28)))!;
        Assert.Equal(Money.FromMinorUnits(11, Currency.COUNT), status.Totals.Single().Shortfall);
        var stairway = Assert.Single(await RestrictionBalances.ComputeAsync(another, Ledger, Fund));
        Assert.Equal((cny(400m), cny(600m)), (stairway.Released, stairway.Available));
        Assert.True((await LedgerIntegrity.CheckAsync(another, Ledger)).IsSound);
    }

    private static SaleRequest Meal(int i) => new(Provider, "meals", PricingTier.Paid, 1, Money.FromDecimal(0.15m, Currency.CNY),
        PaymentChannel.WeChatPay, new LocalDate(2026, 3, 2), $"r-{i}");

    private static async Task SeedMealsAsync(CommunityEconomy economy)
    {
        Assert.True((await economy.AddPolicyAsync(Ledger, DistributionPolicy.Standard(Hub, Fund, new LocalDate(2026, 1, 1)))).Succeeded);
        Assert.True((await economy.PublishPackageAsync(Ledger, new ServicePackage("meals", Provider, 1, "助餐", "Meals", 4, Money.Zero(Currency.HOUR),
            ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Money.FromDecimal(0.15m, Currency.CNY)) }),
            new LocalDate(2026, 1, 1)) { SessionsDeliveredAtSale = true })).Succeeded);
    }

    private CommunityEconomy Open(Storage.ILedgerStore store) => new(store, new PostingEngine(store, _clock), _clock);
}

public sealed class InMemoryEconomyContract : EconomyOnStoresContract
{
    protected override async Task<IBackend> CreateBackendAsync() => await Task.FromResult<IBackend>(new InMemoryBackend());
}

public sealed class SqliteEconomyContract : EconomyOnStoresContract
{
    protected override async Task<IBackend> CreateBackendAsync() => await SqliteBackend.CreateAsync();
}

[Trait("Category", "Postgres")]
public sealed class PostgresEconomyContract : EconomyOnStoresContract
{
    protected override async Task<IBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();
}
