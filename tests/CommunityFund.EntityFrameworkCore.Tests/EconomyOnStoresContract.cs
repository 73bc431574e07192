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
public abstract class EconomyOnStoresContract : IAsyncLifetime
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

    [Fact]
    public async Task ConcurrentSales_ShareCommits_AndBookExactlyWhatTheSameSalesRecordedOneByOneBook()
    {
        var appends = new CountingStore(_backend.Store);
        var economy = Open(appends);
        await SeedMealsAsync(economy);
        // 48 sales of 0.15 in quantities 1–4: 120 units, 18.00 in all.
        var requests = Enumerable.Range(0, 48).Select(i => new SaleRequest(Provider, "meals", PricingTier.Paid, 1 + (i % 4), Money.FromDecimal(0.15m, Currency.CNY),
            PaymentChannel.WeChatPay, new LocalDate(2026, 3, 2 + (i % 20)), $"r-{i}")).ToList();
        var before = appends.Appends;

        // The first sale's commit is held open until every other request has queued behind it (each queues before
        // its first await), so the others share one group: deterministic, not left to overlapping delays.
        appends.HoldFirstAppend();
        var first = economy.RecordSaleAsync(Ledger, requests[0], "group-0");
        await appends.FirstAppendStarted;
        var others = requests.Skip(1).Select((r, i) => economy.RecordSaleAsync(Ledger, r, $"group-{i + 1}")).Concat(
        [
            economy.RecordSaleAsync(Ledger, requests[3], "group-3"), // the same request again, concurrently
            economy.RecordSaleAsync(Ledger, requests[4] with { UnitPrice = Money.FromDecimal(9m, Currency.CNY) }, "refused"),
        ]).ToList();
        appends.ReleaseFirstAppend();
        var results = await Task.WhenAll([first, .. others]);

        Assert.All(results.Take(48), r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        Assert.Equal(results[3].Value!.Id, results[48].Value!.Id);
        Assert.Equal(PostingOutcome.Rejected, results[49].Outcome);
        Assert.Equal(2, appends.Appends - before); // the first sale alone, then the 47 others that queued meanwhile in one commit
        Assert.True((await LedgerIntegrity.CheckAsync(_backend.Store, Ledger)).IsSound);

        // Independently of the order: 18.00 is a multiple of 0.20, so the exact 70/25/5 shares of the total are whole
        // fen, and since no party's running total may drift by a fen, the parts must add up to exactly 12.60 / 4.50 / 0.90.
        var recorded = await economy.Records.ListSalesAsync(Ledger, Provider);
        var total = recorded.Aggregate(SharePartition.Zero, (sum, s) => sum.Plus(s.Distributed));
        Assert.Equal(new SharePartition(1_260, 450, 90), total);
        var stream = Assert.Single(await DistributionReports.FairnessAsync(economy.Records, Ledger));
        Assert.Equal((1_800L, 0m), (stream.Base.MinorUnits, stream.Lines.Sum(l => Math.Abs(l.Drift))));

        // The same sales recorded one by one, in the order the books sequenced them, book the same parts.
        var sequential = new Storage.InMemoryLedgerStore();
        await sequential.CreateLedgerAsync((await _backend.Store.GetLedgerAsync(Ledger))!.Definition);
        var reference = Open(sequential);
        await SeedMealsAsync(reference);
        Assert.Equal(48, recorded.Count);
        foreach (var sale in recorded.OrderBy(s => s.Order))
        {
            var again = await reference.RecordSaleAsync(Ledger, sale.Request);
            Assert.Equal(sale.Distributions.Single().Parts, again.Value!.Distributions.Single().Parts);
        }
    }

    [Fact]
    public async Task ConcurrentSalesWithAVatRegisteredHub_ChargeTheVatOfTheirTotalFees_EachSeeingTheFeesBeforeIt()
    {
        var definition = (await _backend.Store.GetLedgerAsync(Ledger))!.Definition;
        Assert.True(await _backend.Store.UpdateLedgerAsync(definition.WithUpdatedEntity(definition.FindEntity(Hub)!.WithVat(VatRegistration.SmallScale()))));
        var appends = new CountingStore(_backend.Store);
        var economy = Open(appends);
        await SeedMealsAsync(economy);
        var requests = Enumerable.Range(0, 24).Select(i => new SaleRequest(Provider, "meals", PricingTier.Paid, 1 + (i % 4), Money.FromDecimal(0.15m, Currency.CNY),
            PaymentChannel.WeChatPay, new LocalDate(2026, 3, 2 + (i % 20)), $"r-{i}")).ToList();
        var before = appends.Appends;

        appends.HoldFirstAppend(); // the others queue behind the first and share one group
        var first = economy.RecordSaleAsync(Ledger, requests[0], "vat-0");
        await appends.FirstAppendStarted;
        var others = requests.Skip(1).Select((r, i) => economy.RecordSaleAsync(Ledger, r, $"vat-{i + 1}")).ToList();
        appends.ReleaseFirstAppend();
        var results = await Task.WhenAll([first, .. others]);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        Assert.Equal(2, appends.Appends - before); // the first sale alone, then the 23 others in one group commit
        var distributions = (await economy.Records.ListSalesAsync(Ledger, Provider)).SelectMany(s => s.Distributions).ToList();
        var fees = distributions.Sum(d => d.Parts.Hub);
        Assert.Equal(VatRegistration.SmallScale().VatOf(Money.FromMinorUnits(fees, Currency.CNY)).MinorUnits, distributions.Sum(d => d.HubVat!.Value));
        var total = await _backend.Store.GetDocumentAsync(Ledger, EconomyRecords.HubFees.Kind, $"{Provider}/{Hub}");
        Assert.Equal(fees, EconomyRecords.HubFees.Read(total!));
    }

    [Fact]
    public async Task SalesSharingOneCommit_ReadTheirPackageOnce_NotOncePerSale()
    {
        var store = new CountingStore(_backend.Store);
        var economy = Open(store);
        await SeedMealsAsync(economy);
        var requests = Enumerable.Range(0, 24).Select(i => new SaleRequest(Provider, "meals", PricingTier.Paid, 1, Money.FromDecimal(0.15m, Currency.CNY),
            PaymentChannel.WeChatPay, new LocalDate(2026, 3, 2), $"r-{i}")).ToList();

        store.HoldFirstAppend();
        var first = economy.RecordSaleAsync(Ledger, requests[0], "once-0");
        await store.FirstAppendStarted;
        var readsBefore = store.PackageReads;
        var others = requests.Skip(1).Select((r, i) => economy.RecordSaleAsync(Ledger, r, $"once-{i + 1}")).ToList();
        store.ReleaseFirstAppend();
        var results = await Task.WhenAll([first, .. others]);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        Assert.Equal(1, store.PackageReads - readsBefore); // the 23 queued sales were planned as one group
    }

    [Fact]
    public async Task TheNextGroup_IsPlannedWhileTheOneBeforeCommits_AndSentOnlyOnceThatOneIsDurable()
    {
        var store = new HeldAppendsStore(_backend.Store);
        var economy = Open(store);
        await SeedMealsAsync(economy);
        var before = store.Appends;

        var (sales, firstGroup) = await TwoGroupsAsync(store, economy, "pipe");

        Assert.Equal(before + 2, store.Appends); // the second group is not sent before the first is durable
        Assert.All(sales[1..], t => Assert.False(t.IsCompleted)); // nobody answered before durable
        firstGroup.Release();
        var results = await Task.WhenAll(sales);
        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        Assert.Equal(before + 3, store.Appends);
        Assert.Equal(results[9..].Min(r => r.Journals[0].Sequence), results[1..9].Max(r => r.Journals[^1].Sequence) + 1); // chained onto the first group
        Assert.True((await LedgerIntegrity.CheckAsync(_backend.Store, Ledger)).IsSound);
    }

    [Fact]
    public async Task AGroupPlannedOnOneThatWasNotWritten_IsNotWrittenOnIt_AndItsSalesAreRunAgain()
    {
        var store = new HeldAppendsStore(_backend.Store);
        var economy = Open(store);
        await SeedMealsAsync(economy);
        var before = store.Appends;
        store.NotWritten(before + 2); // the first group's append: as if another process had moved the head meanwhile

        var (sales, firstGroup) = await TwoGroupsAsync(store, economy, "lost");
        firstGroup.Release();
        var results = await Task.WhenAll(sales);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        // The append after the one not written starts where the books really are, not where the lost group would have left them.
        Assert.Equal(store.Requests[before + 1].ExpectedSequence, store.Requests[before + 2].ExpectedSequence);
        Assert.Equal(17, (await economy.Records.ListSalesAsync(Ledger, Provider)).Count);
        Assert.True((await LedgerIntegrity.CheckAsync(_backend.Store, Ledger)).IsSound);
    }

    [Fact]
    public async Task WhenTheStoreHoldsTheHead_GroupsAreSentWhileTheOneBeforeCommits_PlannedOnTheRecordsAndKeysOfBoth()
    {
        var store = new HeldAppendsStore(_backend.Store) { TakesTheHead = true };
        var economy = Open(store);
        await SeedMealsAsync(economy);
        await SeedLessonsAsync(economy);
        var before = store.Appends;

        var (sales, firstGroup, thirdGroupPlanned) = await ThreeGroupsAsync(store, economy);
        await store.AppendsReach(before + 3); // the second group is sent while the first (which holds the head) commits
        await thirdGroupPlanned;
        Assert.All(sales[1..], t => Assert.False(t.IsCompleted)); // nobody answered before durable
        firstGroup.Release();
        var results = await Task.WhenAll(sales);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        // One append a group: the third group's repeat of a first-group key was known as taken while neither was written.
        Assert.Equal(before + 4, store.Appends);
        Assert.Equal(results[3].Value!.Id, results[24].Value!.Id);
        Assert.Equal(results[9..17].Min(r => r.Journals[0].Sequence), results[1..9].Max(r => r.Journals[^1].Sequence) + 1);
        Assert.Equal(results[17..24].Min(r => r.Journals[0].Sequence), results[9..17].Max(r => r.Journals[^1].Sequence) + 1);
        Assert.True((await LedgerIntegrity.CheckAsync(_backend.Store, Ledger)).IsSound);
        // The tutor's second lesson (third group) was planned on the remainder its first (first group, not yet written)
        // carried, though the group between them left none of the tutor's.
        await AssertBookedAsOneByOneAsync(economy, 24, withLessons: true);
    }

    [Fact]
    public async Task WhenTheStoreHoldsTheHead_AGroupSentBehindOneThatWasNotWritten_IsNotWritten_AndItsSalesAreRunAgain()
    {
        var store = new HeldAppendsStore(_backend.Store) { TakesTheHead = true };
        var economy = Open(store);
        await SeedMealsAsync(economy);
        var before = store.Appends;
        store.NotWritten(before + 2); // the first group's append, after it said it holds the head

        var (sales, firstGroup) = await TwoGroupsAsync(store, economy, "lost-ahead");
        await store.AppendsReach(before + 3); // the second group, sent behind it
        firstGroup.Release();
        var results = await Task.WhenAll(sales);

        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors)));
        // The second group was refused by the store (the head it was planned on was never written), and the sales were
        // run again from the books: the next append starts where the first group was planned, not where it would have left them.
        Assert.True(store.Requests[before + 2].ExpectedSequence > store.Requests[before + 1].ExpectedSequence);
        Assert.Equal(store.Requests[before + 1].ExpectedSequence, store.Requests[before + 3].ExpectedSequence);
        await AssertBookedAsOneByOneAsync(economy, 17);
        Assert.True((await LedgerIntegrity.CheckAsync(_backend.Store, Ledger)).IsSound);
    }

    /// <summary>As <see cref="TwoGroupsAsync"/>, and eight more sales queue while the second group is planned, so they form
    /// a third: seven new ones and the fourth sale again (same key and request). The sixth and the 21st sale are the
    /// tutor's lessons, in the first and the third group. Returns once the first group holds the head (its append held),
    /// with a task that completes when the third group's planning reads its package.</summary>
    private static async Task<(List<Task<CommandResult<SaleRecord>>> Sales, HeldAppendsStore.Held FirstGroup, Task ThirdGroupPlanned)> ThreeGroupsAsync(
        HeldAppendsStore store, CommunityEconomy economy)
    {
        var before = store.Appends;
        var (alone, firstGroup) = (store.Hold(before + 1), store.Hold(before + 2));
        var sales = new List<Task<CommandResult<SaleRecord>>> { economy.RecordSaleAsync(Ledger, Meal(0), "three-0") };
        await alone.Started;
        var reads = store.PackageReads;
        sales.AddRange(Enumerable.Range(1, 8).Select(i => economy.RecordSaleAsync(Ledger, i is 5 or 20 ? Lesson(i) : Meal(i), $"three-{i}")));
        var planning = store.HoldPackageRead(reads + 1); // the first group's planning
        var secondPlanning = store.HoldPackageRead(reads + 2); // the second group's
        alone.Release();
        await planning.Started;
        sales.AddRange(Enumerable.Range(9, 8).Select(i => economy.RecordSaleAsync(Ledger, i is 5 or 20 ? Lesson(i) : Meal(i), $"three-{i}")));
        planning.Release();
        await firstGroup.Started;
        await secondPlanning.Started;
        sales.AddRange(Enumerable.Range(17, 7).Select(i => economy.RecordSaleAsync(Ledger, i is 5 or 20 ? Lesson(i) : Meal(i), $"three-{i}")));
        sales.Add(economy.RecordSaleAsync(Ledger, Meal(3), "three-3"));
        var thirdPlanning = store.PackageReadsReach(reads + 3);
        secondPlanning.Release();
        return (sales, firstGroup, thirdPlanning.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    /// <summary>The sales recorded, booked again one by one in the order the books sequenced them, book the same parts.</summary>
    private async Task AssertBookedAsOneByOneAsync(CommunityEconomy economy, int count, bool withLessons = false)
    {
        var recorded = await economy.Records.ListSalesAsync(Ledger, null);
        Assert.Equal(count, recorded.Count);
        var sequential = new Storage.InMemoryLedgerStore();
        await sequential.CreateLedgerAsync((await _backend.Store.GetLedgerAsync(Ledger))!.Definition);
        var reference = Open(sequential);
        await SeedMealsAsync(reference);
        if (withLessons)
        {
            await SeedLessonsAsync(reference);
        }
        foreach (var sale in recorded.OrderBy(s => s.Order))
        {
            var again = await reference.RecordSaleAsync(Ledger, sale.Request);
            Assert.Equal(sale.Distributions.Single().Parts, again.Value!.Distributions.Single().Parts);
        }
    }

    /// <summary>A sale runs alone (its append held); eight queue behind it and share the next commit, whose append is held
    /// too; eight more queue while that group is planned (under the ledger's lock), so they form the next group. Returns
    /// the 17 sales in that order once the second group has been planned — while the first is still committing.</summary>
    private static async Task<(List<Task<CommandResult<SaleRecord>>> Sales, HeldAppendsStore.Held FirstGroup)> TwoGroupsAsync(
        HeldAppendsStore store, CommunityEconomy economy, string prefix)
    {
        var before = store.Appends;
        var (alone, firstGroup) = (store.Hold(before + 1), store.Hold(before + 2));
        var sales = new List<Task<CommandResult<SaleRecord>>> { economy.RecordSaleAsync(Ledger, Meal(0), $"{prefix}-0") };
        await alone.Started;
        sales.AddRange(Enumerable.Range(1, 8).Select(i => economy.RecordSaleAsync(Ledger, Meal(i), $"{prefix}-{i}")));
        var planning = store.HoldPackageRead(store.PackageReads + 1); // the first group's planning
        alone.Release();
        await planning.Started;
        var reads = store.PackageReads;
        sales.AddRange(Enumerable.Range(9, 8).Select(i => economy.RecordSaleAsync(Ledger, Meal(i), $"{prefix}-{i}")));
        planning.Release();
        await firstGroup.Started;
        await store.PackageReadsReach(reads + 1).WaitAsync(TimeSpan.FromMinutes(1)); // the second group's planning
        return (sales, firstGroup);
    }

    private static SaleRequest Lesson(int i) => new(Tutor, "lessons", PricingTier.Paid, 1, Money.FromDecimal(0.15m, Currency.CNY),
        PaymentChannel.WeChatPay, new LocalDate(2026, 3, 2), $"r-{i}");

    /// <summary>A second provider, the tutor, with a package of lessons at the meals' price (it carries its own remainders).</summary>
    private async Task SeedLessonsAsync(CommunityEconomy economy)
    {
        var definition = (await _backend.Store.GetLedgerAsync(Ledger))!.Definition;
        if (definition.FindEntity(Tutor) is null)
        {
            Assert.True(await _backend.Store.UpdateLedgerAsync(definition.WithEntity(new AccountingEntity(Tutor, "四点半课堂", EntityKind.Provider, AccountingProfile.NpoCn))));
        }

        Assert.True((await economy.PublishPackageAsync(Ledger, new ServicePackage("lessons", Tutor, 1, "四点半课堂", "Lessons", 4, Money.Zero(Currency.HOUR),
            ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Money.FromDecimal(0.15m, Currency.CNY)) }),
            new LocalDate(2026, 1, 1)) { SessionsDeliveredAtSale = true })).Succeeded);
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

    /// <summary>Counts the appends that reach the store (one per durable commit), and can hold the first one open.</summary>
    private sealed class CountingStore(Storage.ILedgerStore inner) : Storage.DelegatingLedgerStore(inner)
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _hold;
        private int _appends;

        private int _packageReads;

        public int Appends => _appends;

        public int PackageReads => _packageReads;

        public override Task<Storage.LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
        {
            if (kind == EconomyRecords.Package.Kind)
            {
                Interlocked.Increment(ref _packageReads);
            }

            return base.GetDocumentAsync(ledger, kind, key, cancellationToken);
        }

        public override Task<IReadOnlyList<Storage.LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
        {
            if (kind == EconomyRecords.Package.Kind)
            {
                Interlocked.Increment(ref _packageReads);
            }

            return base.ListDocumentsAsync(ledger, kind, owner, cancellationToken);
        }

        public Task FirstAppendStarted => _started.Task;

        public void HoldFirstAppend() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseFirstAppend() => _hold?.SetResult();

        public override async Task<Storage.AppendOutcome> AppendAsync(Storage.AppendRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _appends);
            if (_hold is { } hold && _started.TrySetResult())
            {
                await hold.Task;
            }

            return await Inner.AppendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Holds chosen appends (numbered from 1) open until released, can answer one as not written (without writing
/// it), keeps every append's request, and counts the reads of packages.</summary>
internal sealed class HeldAppendsStore(Storage.ILedgerStore inner) : Storage.DelegatingLedgerStore(inner)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Held> _held = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Held> _heldReads = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Storage.AppendRequest> _requests = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _readWaits = [];
    private int _appends;
    private int _packageReads;
    private int _notWritten;
    private Task _lastAppend = Task.CompletedTask;

    public int Appends => _appends;

    public int PackageReads => Volatile.Read(ref _packageReads);

    /// <summary>The requests of the appends, by number; the first append is 1.</summary>
    public IReadOnlyList<Storage.AppendRequest> Requests => [.. _requests.OrderBy(r => r.Key).Select(r => r.Value)];

    public Held Hold(int append) => _held.GetOrAdd(append, _ => new Held());

    /// <summary>Holds the package read of that number (counted from 1) open until released.</summary>
    public Held HoldPackageRead(int read) => _heldReads.GetOrAdd(read, _ => new Held());

    public void NotWritten(int append) => _notWritten = append;

    public Task PackageReadsReach(int count)
    {
        lock (_readWaits)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_packageReads >= count)
            {
                reached.SetResult();
            }
            else
            {
                _readWaits.Add((count, reached));
            }

            return reached.Task;
        }
    }

    /// <summary>Whether appends take the ledger's head as PostgreSQL's do (<see cref="Storage.AppendRequest.HeadTaken"/>):
    /// each append waits until the one before it is over, then says it holds the head — before it is held or written, as
    /// a transaction whose commit is still to come.</summary>
    public bool TakesTheHead { get; init; }

    public override async Task<Storage.AppendOutcome> AppendAsync(Storage.AppendRequest request, CancellationToken cancellationToken = default)
    {
        var number = Interlocked.Increment(ref _appends);
        _requests[number] = request;
        var over = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = Interlocked.Exchange(ref _lastAppend, over.Task);
        try
        {
            if (TakesTheHead)
            {
                await before;
                request.HeadTaken?.Invoke();
            }

            if (_held.TryGetValue(number, out var held))
            {
                held.Begin();
                await held.Released;
            }

            return number == _notWritten ? Storage.AppendOutcome.HeadMoved : await Inner.AppendAsync(request with { HeadTaken = null }, cancellationToken);
        }
        finally
        {
            over.SetResult();
        }
    }

    /// <summary>Completes once <paramref name="count"/> appends have reached the store.</summary>
    public async Task AppendsReach(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (Volatile.Read(ref _appends) < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    public override async Task<Storage.LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default)
    {
        await CountReadAsync(kind, key);
        return await base.GetDocumentAsync(ledger, kind, key, cancellationToken);
    }

    public override async Task<IReadOnlyList<Storage.LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default)
    {
        await CountReadAsync(kind, owner);
        return await base.ListDocumentsAsync(ledger, kind, owner, cancellationToken);
    }

    /// <summary>Counts a read of the packages (but not of the tutor's lessons: a group plans them too, and the reads held
    /// by number are the groups' one read of the meals).</summary>
    private async Task CountReadAsync(string kind, string? name)
    {
        if (kind != EconomyRecords.Package.Kind || name?.StartsWith("lessons", StringComparison.Ordinal) == true)
        {
            return;
        }

        int read;
        lock (_readWaits)
        {
            read = ++_packageReads;
            foreach (var wait in _readWaits.Where(w => w.Count <= _packageReads).ToList())
            {
                _readWaits.Remove(wait);
                wait.Reached.SetResult();
            }
        }

        if (_heldReads.TryGetValue(read, out var held))
        {
            held.Begin();
            await held.Released;
        }
    }

    internal sealed class Held
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Started => _started.Task;

        public Task Released => _released.Task;

        public void Begin() => _started.TrySetResult();

        public void Release() => _released.TrySetResult();
    }
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
