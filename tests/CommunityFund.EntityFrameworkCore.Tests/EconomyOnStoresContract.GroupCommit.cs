using System.Collections.Immutable;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The economy's group commit on every store: concurrent sales share commits, the next group is planned while the
/// one before commits, and (with a store that takes the head as PostgreSQL does) sent while it commits.</summary>
public abstract partial class EconomyOnStoresContract
{
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
        // No records version: the third group reads its package, which is how the test knows it is being planned.
        var store = new HeldAppendsStore(_backend.Store) { TakesTheHead = true, KeepsNoRecordsVersion = true };
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
