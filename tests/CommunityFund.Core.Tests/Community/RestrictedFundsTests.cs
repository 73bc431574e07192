using CommunityFund.Audit;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using NodaTime;
using static CommunityFund.Tests.Community.CommunityBooks;

namespace CommunityFund.Tests.Community;

/// <summary>Restricted money is spent only on its purpose: unrestricted spending is capped at the cash not held for
/// restrictions or agency, and the audit finds cash that no longer backs them.</summary>
public class RestrictedFundsTests
{
    private static readonly LocalDate May8 = new(2026, 5, 8);
    private readonly CommunityBooks _books = CommunityBooks.Create();

    [Fact]
    public void UnrestrictedGrant_BeyondTheCashNotHeldForRestrictions_IsRefusedWithTheFigures()
    {
        GiveTheDemoFundsMoney();

        var result = _books.Grant(8_000m, date: May8);

        var error = Assert.Single(result.Errors);
        Assert.Equal(CommunityErrorCodes.GrantExceedsUnrestricted, error.Code);
        Assert.Equal("amount", error.Field);
        Assert.Equal(
            new Dictionary<string, string> { ["agency"] = "0.00", ["available"] = "2150.00", ["cash"] = "9199.50", ["goodsHeld"] = "0.00", ["restricted"] = "7049.50" },
            error.Figures);
        Assert.Equal(Cny(9_199.50m), _books.Balance(Fund, "1002.02"));
    }

    [Fact]
    public void UnrestrictedGrant_OfExactlyTheUnrestrictedCash_IsPaid()
    {
        GiveTheDemoFundsMoney();

        var result = _books.Grant(2_150m, date: May8);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("215000", result.Journals[0].Metadata["grant.unrestricted_available_before"]);
        Assert.Equal(Cny(7_049.50m), _books.Balance(Fund, "1002.02"));
    }

    [Fact]
    public void UnrestrictedGrant_OneFenBeyondTheUnrestrictedCash_IsRefused()
    {
        GiveTheDemoFundsMoney();

        var result = _books.Grant(2_150.01m, date: May8);

        Assert.Equal(CommunityErrorCodes.GrantExceedsUnrestricted, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void RestrictedGrant_SpendsItsRestriction_NotTheUnrestrictedMoney()
    {
        GiveTheDemoFundsMoney();

        var result = _books.Grant(7_000m, "stairway-repair", May8);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(Cny(2_150m), Position().Available);
    }

    [Fact]
    public void AgencyOwedBeyondTheAgencyAssets_IsHeldOutOfTheCash()
    {
        Assert.True(_books.Donate(1_000m, date: new LocalDate(2026, 5, 2)).Succeeded);
        // An agency liability taken on against the fund's bank account (a manual journal): the cash now holds it.
        Post(new LineDraft(Fund, AccountCode.Parse("1002.02"), Side.Debit, Cny(300m)),
            new LineDraft(Fund, AccountCode.Parse("2601"), Side.Credit, Cny(300m)).With(DimensionNames.Member, "b-7"));

        var position = Position();

        Assert.Equal((Cny(1_300m), Cny(300m), Cny(1_000m)), (position.Cash, position.Agency, position.Available));
        Assert.Equal(CommunityErrorCodes.GrantExceedsUnrestricted, Assert.Single(_books.Grant(1_000.01m, date: May8).Errors).Code);
    }

    [Fact]
    public async Task AgencyGiftsHeldAsAgencyAssets_TakeNothingFromTheCash()
    {
        Assert.True(_books.Donate(1_000m, date: new LocalDate(2026, 5, 2)).Succeeded);
        Assert.True((await _books.FundBooks.RecordAgencyGiftAsync(CommunityLedger, new AgencyGift(Fund, AgencyMovement.Receive, "b-1", May8, Cny(400m), "winter coats"))).Succeeded);

        var position = Position();

        Assert.Equal((Cny(0m), Cny(1_000m)), (position.Agency, position.Available));
    }

    [Fact]
    public async Task RestrictedGoods_BackTheirRestrictionBeforeTheCashDoes()
    {
        Assert.True(_books.Donate(300m, date: new LocalDate(2026, 5, 2)).Succeeded);
        var goods = new DonationReceipt(Fund, new LocalDate(2026, 5, 3), Cny(500m), "d-9") { Restriction = "winter-relief", InKind = new InKindGoods("coats", InKindBasis.Voucher, "INV-9") };
        Assert.True((await _books.FundBooks.ReceiveDonationAsync(CommunityLedger, goods)).Succeeded);

        var result = _books.Grant(300m, date: May8);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
    }

    [Fact]
    public async Task Audit_OfRestrictedMoneyPaidOutAsUnrestricted_FindsTheCashShortfall()
    {
        GiveTheDemoFundsMoney();
        // A manual payment (not a grant command) of 8,000.00 out of the fund's bank account, charged to no restriction.
        Post(new LineDraft(Fund, AccountCode.Parse("5101.06"), Side.Debit, Cny(8_000m)).With(DimensionNames.Programme, "stairway-repair"),
            new LineDraft(Fund, AccountCode.Parse("1002.02"), Side.Credit, Cny(8_000m)));

        var report = await Audit();

        var shortfall = Assert.Single(report.Findings, f => f.Code == "restricted.cash_shortfall");
        Assert.Equal((FindingSeverity.Error, Fund), (shortfall.Severity, shortfall.Entity));
        Assert.Contains("short by 5850.00 CNY", shortfall.Message, StringComparison.Ordinal);
        Assert.False(report.IsSound);
    }

    [Fact]
    public async Task Audit_OfRestrictedMoneyPaidOutAsUnrestricted_WarnsThatUnrestrictedNetAssetsAreNegative()
    {
        GiveTheDemoFundsMoney();
        Post(new LineDraft(Fund, AccountCode.Parse("5101.06"), Side.Debit, Cny(8_000m)).With(DimensionNames.Programme, "stairway-repair"),
            new LineDraft(Fund, AccountCode.Parse("1002.02"), Side.Credit, Cny(8_000m)));

        var report = await Audit();

        var warning = Assert.Single(report.Findings, f => f.Code == "unrestricted.net_assets_negative");
        Assert.Equal(FindingSeverity.Warning, warning.Severity);
        Assert.Contains("unrestricted net assets are -5850.00 CNY", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_OfAFundSpendingOnlyWhatItMay_FindsNothing()
    {
        GiveTheDemoFundsMoney();
        Assert.True(_books.Grant(2_150m, date: May8).Succeeded);
        Assert.True(_books.Grant(7_000m, "stairway-repair", May8).Succeeded);

        var report = await Audit();

        Assert.Empty(report.Findings);
        Assert.Equal(Cny(49.50m), _books.Balance(Fund, "1002.02"));
    }

    /// <summary>The demo's fund as the issue found it: 9,199.50 in 1002.02, of which 7,000.00 restricted to the
    /// stairway repair and 49.50 to the community-fund share.</summary>
    private void GiveTheDemoFundsMoney()
    {
        Assert.True(_books.Donate(2_150m, date: new LocalDate(2026, 5, 1)).Succeeded);
        Assert.True(_books.Donate(7_000m, "stairway-repair", new LocalDate(2026, 5, 2)).Succeeded);
        Assert.True(_books.Donate(49.50m, "community-fund-share", new LocalDate(2026, 5, 3)).Succeeded);
    }

    private CashPosition Position() => CashPositions.ComputeAsync(_books.Ledgers, CommunityLedger, Fund).GetAwaiter().GetResult();

    private void Post(params LineDraft[] lines)
    {
        var posted = _books.Engine.PostAsync(CommunityLedger, new JournalDraft(May8, JournalKind.Manual, "manual entry", [.. lines])).GetAwaiter().GetResult();
        Assert.True(posted.Succeeded, string.Join("; ", posted.Errors));
    }

    private Task<AuditReport> Audit() => LedgerAudit.RunAsync(_books.Ledgers, new LedgerEconomyStore(_books.Ledgers), CommunityLedger);
}
