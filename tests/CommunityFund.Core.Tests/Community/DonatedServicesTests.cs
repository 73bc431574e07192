using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Tests.Community;

/// <summary>Donated services (服务捐赠) under the revised 民非 system: recognised at the amount of the donor's voucher
/// when that amount reflects the fair value, memo only otherwise (ADR 0021).</summary>
public class DonatedServicesTests
{
    private static readonly EntityId Provider = EntityId.From("provider");
    private static readonly DonatedServiceVoucher ClinicInvoice = new("FP-2026-0305", Money.FromDecimal(200m, Currency.CNY), ReflectsFairValue: true);
    private static readonly DonatedServiceConditions Hold = new(ClinicInvoice);

    [Fact]
    public void Conditions_Hold_WhenAVoucherStatesAnAmountThatReflectsTheFairValue() => Assert.True(Hold.Hold);

    [Fact]
    public void Conditions_Fail_WithoutAVoucher() => Assert.Equal<string>(["voucher"], DonatedServiceConditions.MemoOnly.Unmet);

    [Theory]
    [InlineData("", 200)]
    [InlineData("FP-1", 0)]
    public void Conditions_Fail_OnAVoucherWithoutAReferenceOrAPositiveAmount(string reference, decimal amount) =>
        Assert.Equal<string>(["voucher"], new DonatedServiceConditions(new DonatedServiceVoucher(reference, Money.FromDecimal(amount, Currency.CNY), true)).Unmet);

    [Fact]
    public void Conditions_Fail_WhenTheVoucherAmountDoesNotReflectTheFairValue() =>
        Assert.Equal<string>(["voucherReflectsFairValue"], new DonatedServiceConditions(ClinicInvoice with { ReflectsFairValue = false }).Unmet);

    [Fact]
    public void ServiceOnAVoucher_IsRecognisedAtTheVoucherAmount_UnderTheRevisedChart()
    {
        var drafts = DonatedServices.Drafts(ChartTemplates.NpoCn2026, Service(2.5m, Hold));
        Assert.Equal(2, drafts.Length);
        Assert.Collection(drafts[1].Lines,
            l => Assert.Equal(("5101.07", Side.Debit, 20_000L), (l.Account.Value, l.Side, l.Amount.MinorUnits)),
            l => Assert.Equal(("4101.01", Side.Credit, 20_000L), (l.Account.Value, l.Side, l.Amount.MinorUnits)));
    }

    [Fact]
    public void HoursWithoutAVoucher_StayMemoOnly()
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
