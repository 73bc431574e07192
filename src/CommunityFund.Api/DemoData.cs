using System.Collections.Immutable;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api;

/// <summary>
/// Seeds a demo ledger: a hub, three providers (two 民非, one company-form café), a community fund, a residents'
/// committee, the standard 70/25/5 policy, packages in all three tiers, and a first month of sales, deliveries, a
/// refund, the WeChat Pay money cleared to the bank and settlements; no cash or bank account ends in credit.
/// </summary>
public static class DemoData
{
    /// <summary>The demo ledger's id.</summary>
    public static readonly LedgerId LedgerId = LedgerId.From("demo");

    private static readonly EntityId Hub = EntityId.From("hub");
    private static readonly EntityId ElderCare = EntityId.From("elder-care");
    private static readonly EntityId YouthClub = EntityId.From("youth-club");
    private static readonly EntityId Cafe = EntityId.From("cafe");
    private static readonly EntityId Fund = EntityId.From("fund");
    private static readonly LocalDate Start = new(2026, 1, 1);

    /// <summary>Creates the demo ledger and its first month, unless it exists.</summary>
    public static async Task SeedAsync(ILedgerStore store, CommunityEconomy economy, CommunityAgreements agreements, FundBooks fund, ILogger logger)
    {
        var definition = new LedgerDefinition(LedgerId, "玉林社区 Yulin community (demo)", Start)
            .WithEntity(new AccountingEntity(Hub, "枢纽社会企业 Hub social enterprise", EntityKind.Hub, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(ElderCare, "长者服务中心 Elder-care centre", EntityKind.Provider, ChartTemplates.For(AccountingProfile.NpoCn, Start)))
            .WithEntity(new AccountingEntity(YouthClub, "青少年成长社 Youth club", EntityKind.Provider, ChartTemplates.For(AccountingProfile.NpoCn, Start)))
            .WithEntity(new AccountingEntity(Cafe, "社区咖啡社会企业 Community café", EntityKind.Provider, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Fund, "社区基金 Community fund", EntityKind.CommunityFund, ChartTemplates.For(AccountingProfile.NpoCn, Start)))
            .WithEntity(new AccountingEntity(EntityId.From("committee"), "居委会 Residents' committee", EntityKind.Community, AccountingProfile.MemoOnly));
        if (!await store.CreateLedgerAsync(definition))
        {
            return;
        }

        await Require(economy.AddPolicyAsync(LedgerId, DistributionPolicy.Standard(Hub, Fund, Start)));
        await Require(economy.PublishPackageAsync(LedgerId, Package("elder-meals", ElderCare, "长者助餐", "Elder meals", 4, 0m, 30m, 50m, 100m) with { SessionsDeliveredAtSale = true }));
        await Require(economy.PublishPackageAsync(LedgerId, Package("homework-club", YouthClub, "四点半课堂", "After-school homework club", 8, 0m, 80m, 120m, 240m)));
        await Require(economy.PublishPackageAsync(LedgerId, Package("coffee-class", Cafe, "咖啡技能课", "Coffee skills class", 1, null, null, null, 99.99m)));

        await SeedMarchSalesAsync(economy);
        await SeedAgreementsAsync(agreements);
        await SeedFundAsync(fund);

        logger.LogInformation("Seeded the demo ledger '{Ledger}': 6 entities, 3 packages, a month of sales, a refund, two settlements, a lease, a swap and the fund's first month.", LedgerId);
    }

    /// <summary>March's sales, a prepaid delivery, a free delivery, a refund, a clearing and the month's statements settled.</summary>
    private static async Task SeedMarchSalesAsync(CommunityEconomy economy)
    {
        var march = new LocalDate(2026, 3, 1);
        var first = await Require(economy.RecordSaleAsync(LedgerId, Sale(ElderCare, "elder-meals", PricingTier.Paid, 10, 100m, march.PlusDays(1), "r-0001")));
        await Require(economy.RecordSaleAsync(LedgerId, Sale(ElderCare, "elder-meals", PricingTier.LowCost, 3, 30m, march.PlusDays(3), "r-0002") with { Channel = PaymentChannel.Cash }));
        var prepaid = await Require(economy.RecordSaleAsync(LedgerId, Sale(YouthClub, "homework-club", PricingTier.Paid, 1, 240m, march.PlusDays(4), "r-0003") with { Prepaid = true, Channel = PaymentChannel.Bank }));
        await Require(economy.RecordDeliveryAsync(LedgerId, new DeliveryRequest(march.PlusDays(11), 4) { Sale = prepaid.Id }));
        var free = await economy.RecordDeliveryAsync(LedgerId, new DeliveryRequest(march.PlusDays(12), 6) { Provider = ElderCare, PackageId = "elder-meals", Beneficiaries = 21 });
        if (!free.Succeeded)
        {
            throw new InvalidOperationException("Demo data could not be seeded: " + string.Join("; ", free.Errors));
        }

        await Require(economy.RecordSaleAsync(LedgerId, Sale(Cafe, "coffee-class", PricingTier.Paid, 2, 99.99m, march.PlusDays(13), "r-0004") with { Channel = PaymentChannel.Alipay }));
        await Require(economy.RefundAsync(LedgerId, new RefundRequest(first.Id, Money.FromDecimal(100m, Currency.CNY), march.PlusDays(15), "resident moved away")));
        // Alipay pays the café's 199.98 out to its bank two days later, less its 0.6% fee (1.20).
        await Require(economy.ClearAsync(LedgerId, new ClearingRequest(Cafe, PaymentChannel.Alipay, march.PlusDays(15), Money.FromDecimal(199.98m, Currency.CNY), Money.FromDecimal(1.20m, Currency.CNY))));
        // WeChat Pay pays the elder-care centre's 900.00 in transit out to its bank on 3 April, less its 0.6% fee; the
        // centre then settles its March shares from the bank, which holds the money.
        await Require(economy.ClearAsync(LedgerId, new ClearingRequest(ElderCare, PaymentChannel.WeChatPay, new LocalDate(2026, 4, 3), Money.FromDecimal(900m, Currency.CNY), Money.FromDecimal(5.40m, Currency.CNY))));
        foreach (var counterparty in new[] { Hub, Fund })
        {
            var statement = await Require(economy.PrepareStatementAsync(LedgerId, ElderCare, counterparty, new YearMonth(2026, 3)));
            await Require(economy.MarkInvoicedAsync(LedgerId, statement.Id, counterparty == Hub ? "HUB-INV-2026-03-001" : "FUND-RCPT-2026-03-001"));
            await Require(economy.SettleAsync(LedgerId, statement.Id, new LocalDate(2026, 4, 10)));
        }
    }

    /// <summary>The residents' committee's living room leased for 1.00 a year and its hall swapped for workshops.</summary>
    private static async Task SeedAgreementsAsync(CommunityAgreements agreements)
    {
        var march = new LocalDate(2026, 3, 1);
        // The residents' committee hands its living room to the elder-care centre for 1.00 a year, and its hall to the café.
        var committee = EntityId.From("committee");
        var cny = (decimal amount) => Money.FromDecimal(amount, Currency.CNY);
        await Require(agreements.RegisterAsync(LedgerId, new ServiceAgreement("living-room", AgreementKind.NominalLease, committee, ElderCare, Start, new LocalDate(2028, 12, 31),
            [new ServiceObligation("public-welfare sessions", Money.FromMinorUnits(8, Currency.COUNT), 30), new ServiceObligation("elder visits", Money.FromDecimal(20m, Currency.HOUR))])
        {
            Lease = new LeaseTerms(new LeasedSpace("社区客厅 Community living room, 2F", 120.5m), cny(1m), RentFrequency.Yearly,
                new FairValue(cny(36_000m), "Comparable street-front rents, Yulin 2025 survey", "APPR-2025-117"), 500),
        }));
        await Require(agreements.RegisterAsync(LedgerId, new ServiceAgreement("hall-swap", AgreementKind.ResourceSwap, committee, Cafe, Start, new LocalDate(2026, 12, 31),
            [new ServiceObligation("coffee workshops", Money.FromMinorUnits(4, Currency.COUNT), 20)])
        {
            Swap = new SwapTerms(
                [new SwapResource(ResourceKind.VenueHours, "Multi-function hall, Tue/Thu evenings", new FairValue(cny(2_000m), "Hall hire rate card 2026"))],
                new FairValue(cny(2_400m), "4 workshops at the café's list price of 600")),
        }));
        foreach (var id in new[] { "living-room", "hall-swap" })
        {
            await Require(agreements.ActivateAsync(LedgerId, id));
            await Require(agreements.PostDueAsync(LedgerId, id, new LocalDate(2026, 3, 31)));
        }

        await Require(agreements.RecordDeliveryAsync(LedgerId, new ServiceDelivery("living-room", "public-welfare sessions", march.PlusDays(9), Money.FromMinorUnits(6, Currency.COUNT), 34, "sign-in sheet 2026-03-10")));
        await Require(agreements.RecordDeliveryAsync(LedgerId, new ServiceDelivery("living-room", "elder visits", march.PlusDays(20), Money.FromDecimal(16.5m, Currency.HOUR), 12, "visit log 2026-03")));
    }

    /// <summary>The fund's first month.</summary>
    private static async Task SeedFundAsync(FundBooks fund)
    {
        var march = new LocalDate(2026, 3, 1);
        var cny = (decimal amount) => Money.FromDecimal(amount, Currency.CNY);
        // The fund: a donation restricted to the stairway repair, an unrestricted one, charity-supermarket income and a grant.
        await Require(fund.ReceiveDonationAsync(LedgerId, new DonationReceipt(Fund, march.PlusDays(4), cny(10_000m), "d-0001") { Restriction = "stairway-repair" }));
        await Require(fund.ReceiveDonationAsync(LedgerId, new DonationReceipt(Fund, march.PlusDays(7), cny(2_000m), "d-0002")));
        await Require(fund.RecordSelfFinancingAsync(LedgerId, new SelfFinancingIncome(Fund, SelfFinancingSource.CharitySupermarketSale, march.PlusDays(14), cny(150m), PaymentChannel.Bank)));
        await Require(fund.AwardGrantAsync(LedgerId, new GrantAward(Fund, "stairway-repair", march.PlusDays(19), cny(3_000m), "Handrails for buildings 3 and 4") { Restriction = "stairway-repair" }));
    }

    /// <summary>The demo's fixed keys (documented in README; never use fixed keys outside the demo).</summary>
    public static IReadOnlyList<(string Id, Security.ApiRole Role, EntityId? Entity, string Secret)> Keys { get; } =
    [
        ("admin", Security.ApiRole.HubAdmin, null, "demo-hub-admin"),
        ("trustee", Security.ApiRole.Trustee, null, "demo-trustee"),
        ("elder-care", Security.ApiRole.Provider, ElderCare, "demo-elder-care"),
        ("youth-club", Security.ApiRole.Provider, YouthClub, "demo-youth-club"),
        ("cafe", Security.ApiRole.Provider, Cafe, "demo-cafe"),
    ];

    /// <summary>The full demo key of a role or provider, e.g. <c>cf_demo_admin_demo-hub-admin</c>.</summary>
    public static string Key(string id) => $"cf_{LedgerId}_{id}_{Keys.Single(k => k.Id == id).Secret}";

    /// <summary>Creates the demo keys that are missing.</summary>
    /// <returns>Each role with its key.</returns>
    public static async Task<IReadOnlyList<(string Role, string Key)>> EnsureKeysAsync(Security.ApiKeys keys)
    {
        var result = new List<(string, string)>();
        foreach (var (id, role, entity, secret) in Keys)
        {
            if (await keys.FindAsync(LedgerId, id) is null)
            {
                await keys.CreateAsync(LedgerId, role, entity, $"demo {id}", id, secret);
            }

            result.Add((entity is null ? role.ToString() : $"{role} {entity}", Key(id)));
        }

        return result;
    }

    private static SaleRequest Sale(EntityId provider, string package, PricingTier tier, int quantity, decimal price, LocalDate date, string resident) =>
        new(provider, package, tier, quantity, Money.FromDecimal(price, Currency.CNY), PaymentChannel.WeChatPay, date, resident);

    private static ServicePackage Package(string id, EntityId provider, string zh, string en, int sessions, decimal? free, decimal? lowCost, decimal? cap, decimal paid)
    {
        var tiers = ImmutableSortedDictionary.CreateBuilder<PricingTier, TierPrice>();
        if (free is { } f)
        {
            tiers[PricingTier.PublicWelfare] = new TierPrice(Money.FromDecimal(f, Currency.CNY));
        }

        if (lowCost is { } l && cap is { } c)
        {
            tiers[PricingTier.LowCost] = new TierPrice(Money.FromDecimal(l, Currency.CNY), Money.FromDecimal(c, Currency.CNY));
        }

        tiers[PricingTier.Paid] = new TierPrice(Money.FromDecimal(paid, Currency.CNY));
        return new ServicePackage(id, provider, 1, zh, en, sessions, Money.FromMinorUnits(sessions * 100, Currency.HOUR), tiers.ToImmutable(), Start);
    }

    private static async Task<T> Require<T>(Task<CommandResult<T>> command)
        where T : class
    {
        var result = await command;
        return result.Succeeded && result.Value is not null
            ? result.Value
            : throw new InvalidOperationException("Demo data could not be seeded: " + string.Join("; ", result.Errors));
    }
}
