using System.Collections.Immutable;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Testing;

namespace CommunityFund.Tests.Community;

/// <summary>
/// A community on in-memory stores: a 民非 operator (elder care), a company-form operator (café), the community fund,
/// the community itself (memo books only) and a residents' committee keeping 民非 books.
/// </summary>
internal sealed class CommunityBooks
{
    internal static readonly LedgerId CommunityLedger = LedgerId.From("community");
    internal static readonly EntityId ElderCare = EntityId.From("elder-care");
    internal static readonly EntityId Cafe = EntityId.From("cafe");
    internal static readonly EntityId Fund = EntityId.From("fund");
    internal static readonly EntityId Community = EntityId.From("community");
    internal static readonly EntityId Committee = EntityId.From("committee");
    internal static readonly EntityId Hub = EntityId.From("hub");
    internal static readonly LocalDate Start = new(2026, 1, 1);

    private CommunityBooks()
    {
        Clock = new FakeClock(Instant.FromUtc(2026, 3, 1, 1, 0));
        Ledgers = new InMemoryLedgerStore();
        Engine = new PostingEngine(Ledgers, Clock);
        Agreements = new CommunityAgreements(Ledgers, Engine);
        FundBooks = new FundBooks(Ledgers, Engine);
    }

    internal FakeClock Clock { get; }

    internal InMemoryLedgerStore Ledgers { get; }

    internal PostingEngine Engine { get; }

    internal CommunityAgreements Agreements { get; }

    internal FundBooks FundBooks { get; }

    internal static CommunityBooks Create()
    {
        var books = new CommunityBooks();
        var definition = new LedgerDefinition(CommunityLedger, "Community", Start)
            .WithEntity(new AccountingEntity(ElderCare, "长者服务中心", EntityKind.Provider, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Cafe, "社区咖啡", EntityKind.Provider, AccountingProfile.SmeCn))
            .WithEntity(new AccountingEntity(Fund, "社区基金", EntityKind.CommunityFund, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Community, "玉林社区", EntityKind.Community, AccountingProfile.MemoOnly))
            .WithEntity(new AccountingEntity(Committee, "居委会", EntityKind.Community, AccountingProfile.NpoCn))
            .WithEntity(new AccountingEntity(Hub, "枢纽社企", EntityKind.Hub, AccountingProfile.SmeCn));
        Assert.True(books.Ledgers.CreateLedgerAsync(definition).GetAwaiter().GetResult());
        return books;
    }

    internal static Money Cny(decimal amount) => Money.FromDecimal(amount, Currency.CNY);

    internal static Money Sessions(long count) => Money.FromMinorUnits(count, Currency.COUNT);

    internal static Money Hours(decimal hours) => Money.FromDecimal(hours, Currency.HOUR);

    /// <summary>The living-room lease: 1.00 CNY a year for three years, fair rent 36,000 a year, 8 sessions and 20
    /// hours owed a month.</summary>
    internal static ServiceAgreement Lease(string id = "living-room", EntityId? grantor = null, EntityId? @operator = null, RentFrequency frequency = RentFrequency.Yearly,
        LocalDate? start = null, LocalDate? end = null) =>
        new(id, AgreementKind.NominalLease, grantor ?? Community, @operator ?? ElderCare, start ?? Start, end ?? new LocalDate(2028, 12, 31),
        [new ServiceObligation("public-welfare sessions", Sessions(8), 30), new ServiceObligation("elder visits", Hours(20m))])
        {
            Lease = new LeaseTerms(new LeasedSpace("社区客厅 Community living room, 2F", 120.5m), Cny(1m), frequency,
                new FairValue(Cny(frequency == RentFrequency.Yearly ? 36_000m : 3_000m), "Comparable street-front rents, Yulin 2025 survey", "APPR-2025-117"), 500),
        };

    /// <summary>The hall swap: venue hours and publicity (2,000 + 500 a month) for 4 sessions a month valued 2,400.</summary>
    internal static ServiceAgreement Swap(string id = "hall-swap") =>
        new(id, AgreementKind.ResourceSwap, Community, Cafe, Start, new LocalDate(2026, 12, 31), [new ServiceObligation("coffee workshops", Sessions(4), 20)])
        {
            Swap = new SwapTerms(
                [
                    new SwapResource(ResourceKind.VenueHours, "Multi-function hall, Tue/Thu evenings", new FairValue(Cny(2_000m), "Hall hire rate card 2026")),
                    new SwapResource(ResourceKind.Publicity, "Community notice boards and WeChat group", new FairValue(Cny(500m), "Advertising rate of the street office")),
                ],
                new FairValue(Cny(2_400m), "4 workshops at the café's list price of 600")),
        };

    internal ServiceAgreement Active(ServiceAgreement agreement)
    {
        var registered = Agreements.RegisterAsync(CommunityLedger, agreement).GetAwaiter().GetResult();
        Assert.True(registered.Succeeded, string.Join("; ", registered.Errors));
        var active = Agreements.ActivateAsync(CommunityLedger, agreement.Id).GetAwaiter().GetResult();
        Assert.True(active.Succeeded, string.Join("; ", active.Errors));
        return active.Value!;
    }

    internal CommandResult<ServiceAgreement> Register(ServiceAgreement agreement) => Agreements.RegisterAsync(CommunityLedger, agreement).GetAwaiter().GetResult();

    internal CommandResult<ServiceAgreement> Activate(string id) => Agreements.ActivateAsync(CommunityLedger, id).GetAwaiter().GetResult();

    internal CommandResult<ServiceAgreement> End(string id, AgreementEnding ending, LocalDate lastDay, string? reason) =>
        Agreements.EndAsync(CommunityLedger, id, ending, lastDay, reason).GetAwaiter().GetResult();

    internal void UseDonatedUse(DonatedUse policy) => Assert.True(Agreements.SetDonatedUseAsync(CommunityLedger, policy).GetAwaiter().GetResult().Succeeded);

    internal IReadOnlyList<ServiceDelivery> Deliveries(string id) => Agreements.ListDeliveriesAsync(CommunityLedger, id).GetAwaiter().GetResult();

    internal CommandResult<ServiceAgreement> PostDue(string id, LocalDate through) => Agreements.PostDueAsync(CommunityLedger, id, through).GetAwaiter().GetResult();

    internal CommandResult<ServiceDelivery> Deliver(string agreement, string service, LocalDate date, Money quantity, int beneficiaries = 10, string? key = null) =>
        Agreements.RecordDeliveryAsync(CommunityLedger, new ServiceDelivery(agreement, service, date, quantity, beneficiaries, "sign-in sheet"), key).GetAwaiter().GetResult();

    internal CommandResult<ServiceAgreement> ShareRevenue(string id, LocalDate month, decimal revenue) =>
        Agreements.PayRevenueShareAsync(CommunityLedger, new RevenueSharePayment(id, month, Cny(revenue), month.PlusMonths(1).PlusDays(4), Fund)).GetAwaiter().GetResult();

    internal CommandResult<ServiceAgreement> ShareRevenue(string id, LocalDate month, decimal revenue, decimal distributed) =>
        Agreements.PayRevenueShareAsync(CommunityLedger, new RevenueSharePayment(id, month, Cny(revenue), month.PlusMonths(1).PlusDays(4), Fund) { DistributedRevenue = Cny(distributed) })
            .GetAwaiter().GetResult();

    /// <summary>Adds the standard 70/25/5 distribution policy (hub and fund of this community) from a date.</summary>
    internal void UseStandardDistribution(LocalDate from)
    {
        var economy = new CommunityEconomy(Ledgers, Engine, Clock);
        var added = economy.AddPolicyAsync(CommunityLedger, DistributionPolicy.Standard(Hub, Fund, from)).GetAwaiter().GetResult();
        Assert.True(added.Succeeded, string.Join("; ", added.Errors));
    }

    /// <summary>The journals whose source reference contains a marker (e.g. <c>:donated-use:</c>).</summary>
    internal IReadOnlyList<Journal> JournalsOf(string marker) =>
        [.. Journals().Where(j => j.SourceReference?.Contains(marker, StringComparison.Ordinal) == true)];

    internal ObligationStatus Status(string id, LocalDate asOf) => Agreements.ObligationStatusAsync(CommunityLedger, id, asOf).GetAwaiter().GetResult()!;

    internal CommandResult<Journal> Donate(decimal amount, string? restriction = null, LocalDate? date = null) =>
        FundBooks.ReceiveDonationAsync(CommunityLedger, new DonationReceipt(Fund, date ?? new LocalDate(2026, 3, 2), Cny(amount), "d-0001") { Restriction = restriction }).GetAwaiter().GetResult();

    internal CommandResult<Journal> Grant(decimal amount, string? restriction = null, LocalDate? date = null, string project = "stairway-repair") =>
        FundBooks.AwardGrantAsync(CommunityLedger, new GrantAward(Fund, project, date ?? new LocalDate(2026, 3, 10), Cny(amount), "Repair of the stairway handrails") { Restriction = restriction })
            .GetAwaiter().GetResult();

    internal (PeriodCloseResult Close, ImmutableArray<Journal> Journals) Close(int year, int month) =>
        new PeriodClosing(Ledgers, Engine).CloseAsync(CommunityLedger, new YearMonth(year, month)).GetAwaiter().GetResult();

    internal ImmutableArray<RestrictionBalance> Restrictions(LocalDate? asOf = null) => RestrictionBalances.ComputeAsync(Ledgers, CommunityLedger, Fund, asOf).GetAwaiter().GetResult();

    internal IReadOnlyList<Journal> Journals() => Ledgers.ReadJournalsAsync(CommunityLedger, 0, int.MaxValue).GetAwaiter().GetResult();

    /// <summary>An account's balance (debit − credit) in its unit; zero when never posted.</summary>
    internal Money Balance(EntityId entity, string account, Currency? unit = null) =>
        Ledgers.GetBalancesAsync(CommunityLedger, entity, null).GetAwaiter().GetResult().SingleOrDefault(b => b.Account == AccountCode.Parse(account))?.Balance ?? Money.Zero(unit ?? Currency.CNY);

    internal IReadOnlyList<AccountBalance> AllBalances() => Ledgers.GetBalancesAsync(CommunityLedger, null, null).GetAwaiter().GetResult();
}
