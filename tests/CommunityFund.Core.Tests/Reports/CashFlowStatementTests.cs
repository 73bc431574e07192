using System.Collections.Immutable;
using CommunityFund.Audit;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Community;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Reports;

/// <summary>The cash-flow statements (会民非03表, 会小企03表; ADR 0020): each command that moves cash states the line its
/// movement belongs to, and the statement adds the journals' cash lines by those lines.</summary>
public class CashFlowStatementTests
{
    private static readonly LocalDate March = new(2026, 3, 10);
    private static readonly LocalDate MarchEnd = new(2026, 3, 31);

    private readonly CommunityBooks _books = Create();
    private readonly CommunityEconomy _economy;

    public CashFlowStatementTests()
    {
        _economy = new CommunityEconomy(_books.Ledgers, _books.Engine, _books.Clock);
        _books.UseStandardDistribution(Start);
    }

    [Theory]
    [InlineData(AccountingProfile.NpoCn, PrescribedForm.NpoCashFlow)]
    [InlineData(AccountingProfile.SmeCn, PrescribedForm.SmeCashFlow)]
    public void CashFlowItems_ForAProfile_AreEachOnExactlyOneLineOfItsForm_AndNoOtherItemIs(AccountingProfile profile, PrescribedForm form)
    {
        var layout = PrescribedLayouts.For(form);

        foreach (var item in CashFlowItem.All)
        {
            var lines = layout.Rows.Count(r => r.CashFlows.Contains(item));
            Assert.True(lines == (item.IsFor(profile) ? 1 : 0), $"{item.Code}: on {lines} line(s) of {layout.Code}");
        }
    }

    [Theory]
    [InlineData(PrescribedForm.NpoCashFlow, new[] { 1, 2, 3, 4, 5, 8, 13, 14, 15, 16, 19, 23, 24, 25, 26, 27, 30, 34, 35, 36, 39, 43, 44, 45, 48, 50, 51, 52, 55, 58, 59, 60, 61 })]
    [InlineData(PrescribedForm.SmeCashFlow, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22 })]
    public void CashFlowForms_ListTheOfficialRowNumbers_InOrder(PrescribedForm form, int[] numbers) =>
        Assert.Equal(numbers, PrescribedLayouts.For(form).Rows.Where(r => r.Number is not null).Select(r => r.Number!.Value));

    [Fact]
    public async Task PaidSale_IsCashReceivedForServices_Row3OfTheNpoForm()
    {
        Sell(ElderCare, 100m, PaymentChannel.Bank);

        var flows = await BuildAsync(ElderCare, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(100m), Cny(100m), Cny(100m)), (flows.Amount(3, "year"), flows.Amount(24, "year"), flows.Amount(61, "year")));
    }

    [Fact]
    public async Task PaidSale_IsCashReceivedFromSales_Row1OfTheSmeForm_InBothColumns()
    {
        Sell(Cafe, 80m, PaymentChannel.Cash);

        var flows = await BuildAsync(Cafe, PrescribedForm.SmeCashFlow);

        Assert.Equal((Cny(80m), Cny(80m), Cny(80m)), (flows.Amount(1, "year"), flows.Amount(1, "month"), flows.Amount(22, "year")));
    }

    [Fact]
    public async Task Refund_ReducesTheCashReceivedForServices()
    {
        var sale = Sell(ElderCare, 100m, PaymentChannel.Bank);
        Assert.True((await _economy.RefundAsync(CommunityLedger, new RefundRequest(sale, Cny(30m), March, "changed plans"))).Succeeded);

        var flows = await BuildAsync(ElderCare, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(70m), Cny(0m)), (flows.Amount(3, "year"), flows.Amount(19, "year")));
    }

    [Fact]
    public async Task Clearing_MovesMoneyInTransitToTheBankAsNoCashFlow_AndPaysTheChannelFeeAsAnOtherOperatingPayment()
    {
        Sell(ElderCare, 1_000m, PaymentChannel.WeChatPay);
        Assert.True((await _economy.ClearAsync(CommunityLedger, new ClearingRequest(ElderCare, PaymentChannel.WeChatPay, March, Cny(1_000m), Cny(6m)))).Succeeded);

        var flows = await BuildAsync(ElderCare, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(1_000m), Cny(6m), Cny(994m), Cny(0m)), (flows.Amount(3, "year"), flows.Amount(19, "year"), flows.Amount(61, "year"), Unclassified(flows)));
    }

    [Fact]
    public async Task SettlementWithTheHub_IsAPurchaseOfServicesByTheProvider_AndCashFromSalesForTheHub()
    {
        Sell(ElderCare, 1_000m, PaymentChannel.Bank, new LocalDate(2026, 2, 10));
        await SettleAsync(ElderCare, Hub);

        var provider = await BuildAsync(ElderCare, PrescribedForm.NpoCashFlow);
        var hub = await BuildAsync(Hub, PrescribedForm.SmeCashFlow);

        Assert.Equal((Cny(250m), Cny(250m)), (provider.Amount(16, "year"), hub.Amount(1, "year")));
    }

    [Fact]
    public async Task SettlementWithTheFund_IsAnOtherPaymentOfTheProvider_AndADonationReceivedByTheFund()
    {
        Sell(Cafe, 1_000m, PaymentChannel.Bank, new LocalDate(2026, 2, 10));
        await SettleAsync(Cafe, Fund);

        var provider = await BuildAsync(Cafe, PrescribedForm.SmeCashFlow);
        var fund = await BuildAsync(Fund, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(50m), Cny(50m)), (provider.Amount(6, "year"), fund.Amount(1, "year")));
    }

    [Fact]
    public async Task FundDonation_IsCashReceivedFromDonations()
    {
        Assert.True(_books.Donate(500m, "stairway").Succeeded);

        var flows = await BuildAsync(Fund, PrescribedForm.NpoCashFlow);

        Assert.Equal(Cny(500m), flows.Amount(1, "year"));
    }

    [Fact]
    public async Task FundGrant_IsCashPaidForGrantsGiven()
    {
        Assert.True(_books.Donate(500m).Succeeded);
        Assert.True(_books.Grant(200m).Succeeded);

        var flows = await BuildAsync(Fund, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(200m), Cny(300m)), (flows.Amount(14, "year"), flows.Amount(61, "year")));
    }

    [Theory]
    [InlineData(SelfFinancingSource.CharitySupermarketSale, 4)]
    [InlineData(SelfFinancingSource.CharityMarketSale, 4)]
    [InlineData(SelfFinancingSource.CaringParking, 3)]
    [InlineData(SelfFinancingSource.CharityMarketBooth, 3)]
    [InlineData(SelfFinancingSource.SpotDonation, 1)]
    public async Task SelfFinancingIncome_IsOnTheLineOfItsRevenue(SelfFinancingSource source, int row)
    {
        Assert.True((await _books.FundBooks.RecordSelfFinancingAsync(CommunityLedger, new SelfFinancingIncome(Fund, source, March, Cny(40m), PaymentChannel.Cash))).Succeeded);

        var flows = await BuildAsync(Fund, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(40m), Cny(40m)), (flows.Amount(row, "year"), flows.Amount(13, "year")));
    }

    [Fact]
    public async Task NominalRent_IsAnOtherOperatingPaymentOfTheOperator_AndAnOtherReceiptOfAGrantorKeepingBooks()
    {
        _books.Active(Lease(grantor: Committee));
        Assert.True(_books.PostDue("living-room", March).Succeeded);

        var operatorFlows = await BuildAsync(ElderCare, PrescribedForm.NpoCashFlow);
        var grantorFlows = await BuildAsync(Committee, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(1m), Cny(1m)), (operatorFlows.Amount(19, "year"), grantorFlows.Amount(8, "year")));
    }

    [Fact]
    public async Task ManualJournalStatingAnItem_IsOnItsLine()
    {
        await PostAsync(LineDraft.Debit(Cafe, "1002.01", Cny(5_000m)).WithCashFlow(CashFlowItem.CapitalReceived), LineDraft.Credit(Cafe, "3001", Cny(5_000m)));

        var flows = await BuildAsync(Cafe, PrescribedForm.SmeCashFlow);

        Assert.Equal((Cny(5_000m), Cny(5_000m), Cny(0m)), (flows.Amount(15, "year"), flows.Amount(19, "year"), Unclassified(flows)));
    }

    [Fact]
    public async Task ManualJournalWithoutAnItem_IsShownUnclassified_AndTheNetIncreaseStillTies()
    {
        await PostAsync(LineDraft.Debit(ElderCare, "5201", Cny(12m)), LineDraft.Credit(ElderCare, "1001", Cny(12m)));

        var flows = await BuildAsync(ElderCare, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(-12m), Cny(0m), Cny(-12m)), (Unclassified(flows), flows.Amount(24, "year"), flows.Amount(61, "year")));
    }

    [Fact]
    public async Task TransferBetweenCashAccounts_IsNoCashFlow()
    {
        Sell(ElderCare, 100m, PaymentChannel.Cash);
        await PostAsync(LineDraft.Debit(ElderCare, "1002.01", Cny(60m)), LineDraft.Credit(ElderCare, "1001", Cny(60m)));

        var flows = await BuildAsync(ElderCare, PrescribedForm.NpoCashFlow);

        Assert.Equal((Cny(0m), Cny(100m)), (Unclassified(flows), flows.Amount(61, "year")));
    }

    [Fact]
    public async Task CashFlowItem_OnALineThatIsNotCash_IsRefused()
    {
        var result = await _books.Engine.PostAsync(CommunityLedger, Draft(
            LineDraft.Debit(ElderCare, "5201", Cny(12m)).WithCashFlow(CashFlowItem.OtherOperatingPayments), LineDraft.Credit(ElderCare, "1001", Cny(12m))));

        Assert.Equal([ErrorCodes.LineDimensionInvalid], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public async Task CashFlowItem_ThatTheEntitysFormLacks_IsRefused()
    {
        var result = await _books.Engine.PostAsync(CommunityLedger, Draft(
            LineDraft.Debit(ElderCare, "1002.01", Cny(12m)).WithCashFlow(CashFlowItem.CapitalReceived), LineDraft.Credit(ElderCare, "4901.01", Cny(12m))));

        Assert.Contains("no line for 'financing.capital'", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCashFlowCode_IsNotAValidDimension() =>
        Assert.StartsWith("'operating.lottery' is not a cash-flow item", Dimensions.Validate(DimensionNames.CashFlow, "operating.lottery"), StringComparison.Ordinal);

    [Fact]
    public async Task Audit_WarnsOfCashMovedWithoutAnItem_PerEntity()
    {
        await PostAsync(LineDraft.Debit(ElderCare, "5201", Cny(12m)), LineDraft.Credit(ElderCare, "1001", Cny(12m)));

        var report = await LedgerAudit.RunAsync(_books.Ledgers, _economy.Records, CommunityLedger, MarchEnd);

        var finding = Assert.Single(report.Findings, f => f.Code == AuditFindingCodes.CashFlowUnclassified);
        Assert.Equal((FindingSeverity.Warning, (EntityId?)ElderCare), (finding.Severity, finding.Entity));
    }

    [Fact]
    public async Task Audit_FindsNothingUnclassified_InATransferBetweenCashAccounts()
    {
        Sell(ElderCare, 100m, PaymentChannel.Cash);
        await PostAsync(LineDraft.Debit(ElderCare, "1002.01", Cny(60m)), LineDraft.Credit(ElderCare, "1001", Cny(60m)));

        var report = await LedgerAudit.RunAsync(_books.Ledgers, _economy.Records, CommunityLedger, MarchEnd);

        Assert.DoesNotContain(report.Findings, f => f.Code == AuditFindingCodes.CashFlowUnclassified);
    }

    private SaleId Sell(EntityId provider, decimal price, PaymentChannel channel, LocalDate? date = null)
    {
        var id = $"pkg-{provider}-{price}";
        var package = new ServicePackage(id, provider, 1, "服务包", "Package", 1, Money.Zero(Currency.HOUR),
            ImmutableSortedDictionary.CreateRange(new Dictionary<PricingTier, TierPrice> { [PricingTier.Paid] = new(Cny(price)) }), Start);
        Assert.True(_economy.PublishPackageAsync(CommunityLedger, package).GetAwaiter().GetResult().Succeeded);
        var sold = _economy.RecordSaleAsync(CommunityLedger, new SaleRequest(provider, id, PricingTier.Paid, 1, Cny(price), channel, date ?? March, "r-1"))
            .GetAwaiter().GetResult();
        Assert.True(sold.Succeeded, string.Join("; ", sold.Errors));
        return sold.Value!.Id;
    }

    /// <summary>February's statement with a counterparty, invoiced and settled in March.</summary>
    private async Task SettleAsync(EntityId provider, EntityId counterparty)
    {
        var prepared = await _economy.PrepareStatementAsync(CommunityLedger, provider, counterparty, new YearMonth(2026, 2));
        Assert.True(prepared.Succeeded, string.Join("; ", prepared.Errors));
        Assert.True((await _economy.MarkInvoicedAsync(CommunityLedger, prepared.Value!.Id, "INV-1")).Succeeded);
        var settled = await _economy.SettleAsync(CommunityLedger, prepared.Value.Id, March);
        Assert.True(settled.Succeeded, string.Join("; ", settled.Errors));
    }

    private async Task PostAsync(params LineDraft[] lines)
    {
        var posted = await _books.Engine.PostAsync(CommunityLedger, Draft(lines));
        Assert.True(posted.Succeeded, string.Join("; ", posted.Errors));
    }

    private static JournalDraft Draft(params LineDraft[] lines) => new(March, JournalKind.Manual, "manual", [.. lines]);

    private Task<PrescribedStatement> BuildAsync(EntityId entity, PrescribedForm form) =>
        PrescribedStatements.BuildAsync(_books.Ledgers, CommunityLedger, entity, form, MarchEnd);

    private static Money Unclassified(PrescribedStatement statement) =>
        statement.Lines.Single(l => l.Row.Kind == PrescribedRowKind.Unclassified).Amounts[0];
}
