using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Community;

public class AgreementTests
{
    private readonly CommunityBooks _books = CommunityBooks.Create();

    [Fact]
    public void Lease_PostDue_PostsTheNominalRentOncePerRentPeriod()
    {
        _books.Active(Lease());

        var result = _books.PostDue("living-room", new LocalDate(2027, 1, 1));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(Cny(2m), _books.Balance(ElderCare, "5101.02"));
        Assert.Equal(Cny(-2m), _books.Balance(ElderCare, "1002.01"));
        Assert.Equal(2, result.Value!.PeriodsCharged);
    }

    [Fact]
    public void Lease_FairRentForgone_GoesToTheMemoLedgerWithItsBasis()
    {
        _books.Active(Lease());

        _books.PostDue("living-room", new LocalDate(2026, 1, 31));

        Assert.Equal(Cny(35_999m), _books.Balance(ElderCare, "M400.01"));
        Assert.Equal(Cny(-35_999m), _books.Balance(ElderCare, "M400.09"));
        var memo = _books.Journals().Single(j => j.Lines.Any(l => l.Account == AccountCode.Parse("M400.01")));
        Assert.Equal("Comparable street-front rents, Yulin 2025 survey", memo.Metadata["fair_value.basis"]);
        Assert.Equal("MemoOnly", memo.Metadata["donated_use"]);
    }

    [Fact]
    public void Lease_UnderMemoOnly_RecognisesNoDonationRevenue()
    {
        _books.Active(Lease());

        _books.PostDue("living-room", new LocalDate(2026, 12, 31));

        Assert.Equal(Cny(0m), _books.Balance(ElderCare, "4101.01"));
        Assert.Equal(Cny(1m), _books.Balance(ElderCare, "5101.02"));
    }

    [Fact]
    public void Lease_RecognizeAtFairValue_ExpensesTheFairRentAndRecognisesTheGapAsDonation()
    {
        _books.UseDonatedUse(DonatedUse.RecognizeAtFairValue);
        _books.Active(Lease());

        _books.PostDue("living-room", new LocalDate(2026, 1, 1));

        Assert.Equal(Cny(36_000m), _books.Balance(ElderCare, "5101.02"));
        Assert.Equal(Cny(-35_999m), _books.Balance(ElderCare, "4101.01"));
        Assert.Equal(Cny(-1m), _books.Balance(ElderCare, "1002.01"));
        var rent = Assert.Single(_books.Journals(), j => j.SourceReference == "agreement:living-room:rent:2026-01-01");
        Assert.Equal("RecognizeAtFairValue", rent.Metadata.GetValueOrDefault("donated_use"));
    }

    [Fact]
    public void Lease_RentPosted_AlwaysEqualsTheContractAmount()
    {
        _books.UseDonatedUse(DonatedUse.RecognizeAtFairValue);
        _books.Active(Lease(frequency: RentFrequency.Monthly));

        _books.PostDue("living-room", new LocalDate(2026, 12, 31));

        var rentJournals = _books.Journals().Where(j => j.SourceReference?.Contains(":rent:", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(12, rentJournals.Count);
        Assert.All(rentJournals, j => Assert.Equal(Cny(1m), j.Lines.Single(l => l.Account == AccountCode.Parse("1002.01")).Amount));
    }

    [Fact]
    public void Lease_GrantorKeepingBooks_ReceivesTheNominalRentAsOtherRevenue()
    {
        _books.Active(Lease(grantor: Committee));

        _books.PostDue("living-room", new LocalDate(2026, 1, 1));

        Assert.Equal(Cny(1m), _books.Balance(Committee, "1002.01"));
        Assert.Equal(Cny(-1m), _books.Balance(Committee, "4901.01"));
    }

    [Fact]
    public void Lease_CompanyFormOperator_BooksRentToAdministrativeExpenses()
    {
        _books.Active(Lease(@operator: Cafe));

        _books.PostDue("living-room", new LocalDate(2026, 1, 1));

        Assert.Equal(Cny(1m), _books.Balance(Cafe, "5602"));
    }

    [Fact]
    public void PostDue_RunTwice_PostsNothingNew()
    {
        _books.Active(Lease());
        _books.PostDue("living-room", new LocalDate(2026, 6, 30));
        var count = _books.Journals().Count;

        var again = _books.PostDue("living-room", new LocalDate(2026, 6, 30));

        Assert.Equal(PostingOutcome.AlreadyExists, again.Outcome);
        Assert.Equal(count, _books.Journals().Count);
    }

    [Fact]
    public void PostDue_OfADraft_IsRefused()
    {
        Assert.True(_books.Register(Lease()).Succeeded);

        var result = _books.PostDue("living-room", new LocalDate(2026, 6, 30));

        Assert.Equal(CommunityErrorCodes.AgreementStatusInvalid, Assert.Single(result.Errors).Code);
        Assert.Empty(_books.Journals());
    }

    [Fact]
    public void Obligations_EachMonthOpensWhatIsOwed()
    {
        _books.Active(Lease());

        _books.PostDue("living-room", new LocalDate(2026, 3, 15));

        Assert.Equal(Sessions(24), _books.Balance(ElderCare, "M500.01", Currency.COUNT));
        Assert.Equal(Hours(60m), _books.Balance(ElderCare, "M510.01", Currency.HOUR));
    }

    [Fact]
    public void Deliveries_ReduceWhatIsOwed_MonthByMonth()
    {
        _books.Active(Lease());
        Assert.True(_books.Deliver("living-room", "public-welfare sessions", new LocalDate(2026, 1, 10), Sessions(5), 40).Succeeded);
        Assert.True(_books.Deliver("living-room", "public-welfare sessions", new LocalDate(2026, 2, 3), Sessions(10), 25).Succeeded);

        var status = _books.Status("living-room", new LocalDate(2026, 2, 28));

        var sessions = status.Months.Where(m => m.Service == "public-welfare sessions").ToList();
        Assert.Equal([Sessions(3), Sessions(0)], sessions.Select(m => m.Shortfall));
        Assert.Equal([Sessions(0), Sessions(2)], sessions.Select(m => m.Surplus));
        Assert.Equal([true, false], sessions.Select(m => m.Beneficiaries >= m.MinimumBeneficiaries));
        var total = status.Totals.Single(t => t.Service == "public-welfare sessions");
        Assert.Equal((Sessions(16), Sessions(15), Sessions(3), Sessions(2)), (total.Owed, total.Delivered, total.Shortfall, total.Surplus));
    }

    [Fact]
    public void Delivery_IsRecordedInTheMemoLedgerWithItsEvidence()
    {
        _books.Active(Lease());

        var result = _books.Deliver("living-room", "elder visits", new LocalDate(2026, 1, 10), Hours(3.5m), 4);

        Assert.Equal(Hours(3.5m), _books.Balance(ElderCare, "M510.02", Currency.HOUR));
        Assert.Equal("sign-in sheet", Assert.Single(result.Journals).Metadata["delivery.evidence"]);
        Assert.Equal(result.Journals[0].Id, Assert.Single(_books.Deliveries("living-room")).Journal);
    }

    [Theory]
    [InlineData("public-welfare sessions", "2025-12-31", "COUNT")]
    [InlineData("public-welfare sessions", "2026-01-05", "HOUR")]
    [InlineData("dance classes", "2026-01-05", "COUNT")]
    public void Delivery_OutsideTheTermOrTheObligations_IsRefused(string service, string date, string unit)
    {
        _books.Active(Lease(start: new LocalDate(2026, 1, 1)));

        var quantity = unit == "COUNT" ? Sessions(1) : Hours(1m);
        var result = _books.Deliver("living-room", service, NodaTime.Text.LocalDatePattern.Iso.Parse(date).Value, quantity);

        Assert.Equal(CommunityErrorCodes.DeliveryInvalid, result.Errors[0].Code);
        Assert.Empty(_books.Journals());
    }

    [Fact]
    public void Terminate_ProratesTheLastMonthAndWithdrawsMonthsOpenedBeyondIt()
    {
        _books.Active(Lease());
        _books.PostDue("living-room", new LocalDate(2026, 4, 1));

        var ended = _books.End("living-room", AgreementEnding.Terminated, new LocalDate(2026, 3, 15), "Operator moved out");

        Assert.True(ended.Succeeded, string.Join("; ", ended.Errors));
        // Jan and Feb in full (16), March 15 of 31 days: floor(8 × 15 / 31) = 3; April withdrawn.
        Assert.Equal(Sessions(19), _books.Balance(ElderCare, "M500.01", Currency.COUNT));
        Assert.Equal(Sessions(19), _books.Status("living-room", new LocalDate(2026, 12, 31)).Totals.Single(t => t.Service == "public-welfare sessions").Owed);
        Assert.Equal((AgreementStatus.Ended, "Operator moved out"), (ended.Value!.Status, ended.Value.EndReason));
    }

    [Fact]
    public void EndedAgreement_IsNeitherChargedNorOwedAgain()
    {
        _books.Active(Lease(frequency: RentFrequency.Monthly));
        _books.End("living-room", AgreementEnding.Terminated, new LocalDate(2026, 2, 28), "Space needed for a clinic");

        _books.PostDue("living-room", new LocalDate(2026, 12, 31));

        Assert.Equal(Cny(2m), _books.Balance(ElderCare, "5101.02"));
        Assert.Equal(Sessions(16), _books.Balance(ElderCare, "M500.01", Currency.COUNT));
    }

    [Fact]
    public void Expiry_BeforeTheLastDayOfTheTerm_IsRefused()
    {
        _books.Active(Lease());

        var result = _books.End("living-room", AgreementEnding.Expired, new LocalDate(2027, 12, 31), null);

        Assert.Equal("lastDay", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Termination_WithoutAReason_IsRefused()
    {
        _books.Active(Lease());

        var result = _books.End("living-room", AgreementEnding.Terminated, new LocalDate(2026, 5, 1), " ");

        Assert.Equal("reason", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void EndedAgreement_IsNeverActivatedAgain()
    {
        _books.Active(Lease(end: new LocalDate(2026, 6, 30)));
        Assert.True(_books.End("living-room", AgreementEnding.Expired, new LocalDate(2026, 6, 30), null).Succeeded);

        var result = _books.Activate("living-room");

        Assert.Equal(CommunityErrorCodes.AgreementStatusInvalid, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Lease_BelowMarketMustBeBelowFairRent_AboveIsRefused()
    {
        var lease = Lease();
        lease = lease with { Lease = lease.Lease! with { NominalRent = Cny(40_000m) } };

        var result = _books.Register(lease);

        Assert.Equal("lease.fairRent.amount", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Agreement_WithTheSameGrantorAndOperator_IsRefused()
    {
        var result = _books.Register(Lease(grantor: ElderCare));

        Assert.Equal("operator", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Agreement_OperatorWithMemoBooksOnly_IsRefused()
    {
        var result = _books.Register(Lease(grantor: Committee, @operator: CommunityBooks.Community));

        Assert.Equal("operator", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Agreement_RegisteredTwice_IsRefused()
    {
        _books.Active(Lease());

        var result = _books.Register(Lease());

        Assert.Equal(CommunityErrorCodes.AgreementExists, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void Swap_UnderMemoOnly_RecordsTheResourcesReceivedInTheMemoLedger()
    {
        _books.Active(Swap());

        _books.PostDue("hall-swap", new LocalDate(2026, 3, 1));

        Assert.Equal(Cny(7_500m), _books.Balance(Cafe, "M400.02"));
        Assert.Equal(Sessions(12), _books.Balance(Cafe, "M500.01", Currency.COUNT));
        Assert.DoesNotContain(_books.AllBalances(), b => b.Entity == Cafe && !b.Account.IsMemo);
    }

    [Fact]
    public void Swap_RecognizeAtFairValue_PostsANonCashExchangeAtTheResourcesValue()
    {
        _books.UseDonatedUse(DonatedUse.RecognizeAtFairValue);
        _books.Active(Swap());

        _books.PostDue("hall-swap", new LocalDate(2026, 1, 1));

        Assert.Equal(Cny(2_500m), _books.Balance(Cafe, "5602"));
        Assert.Equal(Cny(-2_500m), _books.Balance(Cafe, "5051"));
        var exchange = _books.Journals().Single(j => j.Kind == JournalKind.Swap && !j.Lines[0].Account.IsMemo);
        Assert.Equal("240000", exchange.Metadata["swap.service_value"]);
    }

    [Fact]
    public void RevenueShare_PaysTheFundItsRateOfTheMonthsRevenueToTheFen()
    {
        _books.Active(Lease());

        var result = _books.ShareRevenue("living-room", new LocalDate(2026, 2, 1), 1_234.57m);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        // 5% of 1,234.57 = 61.7285 → 61.73 (largest remainder).
        Assert.Equal(Cny(61.73m), _books.Balance(ElderCare, "5101.04"));
        Assert.Equal(Cny(-61.73m), _books.Balance(Fund, "4101.02"));
        Assert.Equal("123457", result.Journals[0].Metadata["share.revenue"]);
    }

    [Fact]
    public void RevenueShare_ForAMonthAlreadyShared_IsRefused()
    {
        _books.Active(Lease());
        _books.ShareRevenue("living-room", new LocalDate(2026, 2, 1), 100m);

        var again = _books.ShareRevenue("living-room", new LocalDate(2026, 2, 1), 100m);

        Assert.Equal("month", Assert.Single(again.Errors).Field);
    }

    [Fact]
    public void RevenueShare_ForADayThatDoesNotStartAnAgreementMonth_IsRefused()
    {
        _books.Active(Lease());

        var result = _books.ShareRevenue("living-room", new LocalDate(2026, 2, 2), 100m);

        Assert.Equal("month", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Swap_WithoutResources_IsRefused()
    {
        var swap = Swap();
        swap = swap with { Swap = swap.Swap! with { Resources = [] } };

        var result = _books.Register(swap);

        Assert.Equal("swap.resources", Assert.Single(result.Errors).Field);
    }
}
