using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Tests.Community;

/// <summary>Donated services (服务捐赠) under the revised 民非 system: recognised at fair value when the conditions hold,
/// memo only otherwise (ADR 0021).</summary>
public class DonatedServicesTests
{
    private static readonly EntityId Provider = EntityId.From("provider");
    private static readonly FairValue NurseRate = new(Money.FromDecimal(80m, Currency.CNY), "community clinic's nurse rate, 2026");
    private static readonly DonatedServiceConditions Hold = new(SpecialisedSkills: true, WouldOtherwiseBePurchased: true, NurseRate);

    [Fact]
    public void Conditions_Hold_OnlyWhenAllThreeDo()
    {
        Assert.True(Hold.Hold);
        Assert.Equal<string>(["specialisedSkills"], (Hold with { SpecialisedSkills = false }).Unmet);
        Assert.Equal<string>(["wouldOtherwiseBePurchased"], (Hold with { WouldOtherwiseBePurchased = false }).Unmet);
        Assert.Equal<string>(["hourlyFairValue"], (Hold with { HourlyFairValue = null }).Unmet);
    }

    [Fact]
    public void HoursWhoseConditionsHold_AreRecognisedAtFairValue_UnderTheRevisedChart()
    {
        var drafts = DonatedServices.Drafts(ChartTemplates.NpoCn2026, Service(2.5m, Hold));
        Assert.Equal(2, drafts.Length);
        Assert.Collection(drafts[1].Lines,
            l => Assert.Equal(("5101.07", Side.Debit, 20_000L), (l.Account.Value, l.Side, l.Amount.MinorUnits)),
            l => Assert.Equal(("4101.01", Side.Credit, 20_000L), (l.Account.Value, l.Side, l.Amount.MinorUnits)));
    }

    [Fact]
    public void HoursWhoseConditionsFail_StayMemoOnly()
    {
        var drafts = DonatedServices.Drafts(ChartTemplates.NpoCn2026, Service(2.5m, DonatedServiceConditions.MemoOnly));
        var memo = Assert.Single(drafts);
        Assert.All(memo.Lines, l => Assert.Equal(Currency.HOUR, l.Amount.Currency));
        Assert.Equal(["M300.01", "M300.09"], memo.Lines.Select(l => l.Account.Value));
    }

    [Fact]
    public void HoursUnderThe2004Chart_StayMemoOnly_EvenWhenTheConditionsHold() =>
        Assert.Single(DonatedServices.Drafts(ChartTemplates.NpoCn, Service(2.5m, Hold)));

    [Fact]
    public async Task RecordingARecognisedService_PostsTheMemoAndTheRevenueJournals()
    {
        var (ledger, engine) = TestBooks2026();
        var result = await new DonatedServices(engine).RecordAsync(ledger, Service(1m, Hold), "ds-1");
        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Journals.Length);
    }

    private static DonatedService Service(decimal hours, DonatedServiceConditions conditions) =>
        new(Provider, new LocalDate(2026, 3, 5), "m-0001", Money.FromDecimal(hours, Currency.HOUR), conditions, "home nursing visits");

    private static (LedgerId Ledger, PostingEngine Engine) TestBooks2026()
    {
        var store = new Storage.InMemoryLedgerStore();
        var ledger = LedgerId.From("donated-services");
        var definition = new LedgerDefinition(ledger, "Donated services", new LocalDate(2026, 1, 1))
            .WithEntity(new AccountingEntity(Provider, "Provider", EntityKind.Provider, ChartTemplates.For(AccountingProfile.NpoCn, new LocalDate(2026, 1, 1))));
        Assert.True(store.CreateLedgerAsync(definition).GetAwaiter().GetResult());
        return (ledger, new PostingEngine(store, new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 3, 15, 2, 0))));
    }
}
