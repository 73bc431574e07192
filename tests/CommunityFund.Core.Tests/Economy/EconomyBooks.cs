using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests.Economy;

/// <summary>A community economy on in-memory stores: two providers (民非 and company), a hub, a fund, the standard policy
/// and two packages.</summary>
internal sealed class EconomyBooks
{
    internal static readonly LedgerId Ledger = LedgerId.From("economy");
    internal static readonly EntityId ElderCare = EntityId.From("elder-care");
    internal static readonly EntityId Cafe = EntityId.From("cafe");
    internal static readonly EntityId Hub = EntityId.From("hub");
    internal static readonly EntityId Fund = EntityId.From("fund");
    internal static readonly LocalDate Start = new(2026, 1, 1);

    private EconomyBooks()
    {
        Clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 1, 0));
        Ledgers = new InMemoryLedgerStore();
        Engine = new PostingEngine(Ledgers, Clock);
        Economy = new CommunityEconomy(Ledgers, Engine, Clock);
        Store = Economy.Records;
    }

    internal FakeClock Clock { get; }

    internal InMemoryLedgerStore Ledgers { get; }

    internal IEconomyStore Store { get; }

    internal PostingEngine Engine { get; }

    internal CommunityEconomy Economy { get; }

    internal static EconomyBooks Create(DistributionPolicy? policy = null)
    {
        var books = new EconomyBooks();
        var definition = new LedgerDefinition(Ledger, "Economy", Start)
            .WithEntity(new AccountingEntity(ElderCare, "长者服务中心", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Cafe, "社区咖啡", EntityKind.Provider, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Hub, "枢纽社会企业", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Fund, "社区基金", EntityKind.CommunityFund, AccountingProfile.NpoCn));
        Assert.True(books.Ledgers.CreateLedgerAsync(definition).GetAwaiter().GetResult());
        Assert.True(books.AddPolicy(policy ?? DistributionPolicy.Standard(Hub, Fund, Start)).Succeeded);
        Assert.True(books.Publish(MealsPackage()).Succeeded);
        Assert.True(books.Publish(CoffeePackage()).Succeeded);
        return books;
    }

    internal static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    internal static ServicePackage MealsPackage(decimal paid = 100m, LocalDate? from = null) => new(
        "elder-meals", ElderCare, 1, "长者助餐", "Elder meals", 4, Money.FromMinorUnits(200, Currency.HOUR),
        ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice>
        {
            [PricingTier.PublicWelfare] = new(Cny(0m)),
            [PricingTier.LowCost] = new(Cny(30m), Cny(50m)),
            [PricingTier.Paid] = new(Cny(paid)),
        }),
        from ?? Start)
    {
        SessionsDeliveredAtSale = true, // meals are served at the counter when sold
    };

    internal static ServicePackage CoffeePackage() => new(
        "coffee-class", Cafe, 1, "咖啡课", "Coffee class", 1, Money.Zero(Currency.HOUR),
        ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Cny(99.99m)) }),
        Start);

    internal static SaleRequest PaidMeal(decimal price = 100m, int quantity = 1, LocalDate? date = null) =>
        new(ElderCare, "elder-meals", PricingTier.Paid, quantity, Cny(price), PaymentChannel.WeChatPay, date ?? new LocalDate(2026, 3, 2), "r-0001");

    internal CommandResult<ServicePackage> Publish(ServicePackage package) => Economy.PublishPackageAsync(Ledger, package).GetAwaiter().GetResult();

    internal CommandResult<DistributionPolicy> AddPolicy(DistributionPolicy policy) => Economy.AddPolicyAsync(Ledger, policy).GetAwaiter().GetResult();

    internal CommandResult<SaleRecord> Sell(SaleRequest request, string? key = null) => Economy.RecordSaleAsync(Ledger, request, key).GetAwaiter().GetResult();

    internal SaleRecord SellOk(SaleRequest request)
    {
        var result = Sell(request);
        Assert.True(result.Outcome == PostingOutcome.Created, string.Join("; ", result.Errors));
        return result.Value!;
    }

    internal CommandResult<SaleRecord> Deliver(DeliveryRequest request, string? key = null) => Economy.RecordDeliveryAsync(Ledger, request, key).GetAwaiter().GetResult();

    internal CommandResult<SaleRecord> Refund(SaleId sale, decimal amount, LocalDate? date = null, string? key = null) =>
        Economy.RefundAsync(Ledger, new RefundRequest(sale, Cny(amount), date ?? new LocalDate(2026, 3, 20), "resident cancelled"), key).GetAwaiter().GetResult();

    internal CommandResult<SettlementStatement> Prepare(EntityId provider, EntityId counterparty, int year, int month) =>
        Economy.PrepareStatementAsync(Ledger, provider, counterparty, new YearMonth(year, month)).GetAwaiter().GetResult();

    /// <summary>Deletes the index of the statements by journal (ADR 0036): the books as written before it.</summary>
    internal void ForgetStatementIndex()
    {
        foreach (var kind in new[] { EconomyRecords.BilledOn.Kind, EconomyRecords.BilledOnIndexed.Kind })
        {
            var keys = Ledgers.ListDocumentsAsync(Ledger, kind, null).GetAwaiter().GetResult().Select(d => d.Key).ToList();
            Assert.Equal(keys.Count, Ledgers.DeleteDocumentsAsync(Ledger, kind, keys).GetAwaiter().GetResult());
        }
    }

    internal CommandResult<SettlementStatement> Invoice(string statement, string reference = "INV-001") =>
        Economy.MarkInvoicedAsync(Ledger, statement, reference).GetAwaiter().GetResult();

    /// <summary>Settles a statement, first clearing the provider's money in transit to its bank (as the channels pay
    /// out before a provider pays its shares).</summary>
    internal CommandResult<SettlementStatement> Settle(string statement, LocalDate? date = null, string? key = null)
    {
        var when = date ?? new LocalDate(2026, 4, 10);
        if (Store.GetStatementAsync(Ledger, statement).GetAwaiter().GetResult() is { } found)
        {
            ClearInTransit(found.Provider, when);
        }

        return Economy.SettleAsync(Ledger, statement, when, key).GetAwaiter().GetResult();
    }

    /// <summary>Clears everything an entity holds in transit with WeChat Pay and Alipay to its bank, without fees.</summary>
    internal void ClearInTransit(EntityId entity, LocalDate date)
    {
        var accounts = ProviderAccounts.For(Definition().Entities[entity].Profile)!;
        foreach (var channel in new[] { PaymentChannel.WeChatPay, PaymentChannel.Alipay })
        {
            var held = Balance(entity, accounts.For(channel).Value);
            if (held.IsPositive)
            {
                var cleared = Economy.ClearAsync(Ledger, new ClearingRequest(entity, channel, date, held, Money.Zero(Currency.CNY))).GetAwaiter().GetResult();
                Assert.True(cleared.Succeeded, string.Join("; ", cleared.Errors));
            }
        }
    }

    internal SettlementStatement SettleFully(EntityId provider, EntityId counterparty, int year, int month, LocalDate? date = null)
    {
        var prepared = Prepare(provider, counterparty, year, month);
        Assert.True(prepared.Succeeded, string.Join("; ", prepared.Errors));
        Assert.True(Invoice(prepared.Value!.Id).Succeeded);
        var settled = Settle(prepared.Value.Id, date);
        Assert.True(settled.Succeeded, string.Join("; ", settled.Errors));
        return settled.Value!;
    }

    internal IReadOnlyList<Journal> Journals() => Ledgers.ReadJournalsAsync(Ledger, 0, int.MaxValue).GetAwaiter().GetResult();

    internal Money Balance(EntityId entity, string account) =>
        Ledgers.GetBalancesAsync(Ledger, entity, null).GetAwaiter().GetResult().SingleOrDefault(b => b.Account == AccountCode.Parse(account))?.Balance ?? Money.Zero(Currency.CNY);

    internal ImmutableArray<FairnessStream> Fairness() => DistributionReports.FairnessAsync(Store, Ledger).GetAwaiter().GetResult();

    internal ImmutableArray<Reconciliation> Reconcile(LocalDate? asOf = null) => DistributionReports.ReconcileDueToDueFromAsync(Ledgers, Ledger, asOf).GetAwaiter().GetResult();

    internal IReadOnlyList<AccountBalance> AllBalances() => Ledgers.GetBalancesAsync(Ledger, null, null).GetAwaiter().GetResult();

    internal IReadOnlyList<DistributionPolicy> Policies() => Store.GetPoliciesAsync(Ledger).GetAwaiter().GetResult();

    internal LedgerDefinition Definition() => Ledgers.GetLedgerAsync(Ledger).GetAwaiter().GetResult()!.Definition;

    internal IReadOnlyList<SaleRecord> Sales() => Store.ListSalesAsync(Ledger, null).GetAwaiter().GetResult();

    internal SaleRecord Sale(SaleId id) => Store.GetSaleAsync(Ledger, id).GetAwaiter().GetResult()!;
}
