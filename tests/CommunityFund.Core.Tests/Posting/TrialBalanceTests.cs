using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;
using Snapshooter.Xunit;
using static CommunityFund.Tests.TestBooks;

namespace CommunityFund.Tests.Posting;

public class TrialBalanceTests
{
    private readonly TestBooks _books = TestBooks.Create();

    [Fact]
    public void TrialBalance_OfAProvider_MatchesSnapshot()
    {
        _books.Post(Sale(1000m, new LocalDate(2026, 3, 2)));
        _books.Post(Draft(
            LineDraft.Debit(Provider, "5101.03", Cny(250m)).With(DimensionNames.Counterparty, "hub"),
            LineDraft.Credit(Provider, "2209.01", Cny(250m)).With(DimensionNames.Counterparty, "hub"),
            LineDraft.Debit(Provider, "5101.04", Cny(50m)).With(DimensionNames.Counterparty, "fund"),
            LineDraft.Credit(Provider, "2209.02", Cny(50m)).With(DimensionNames.Counterparty, "fund"),
            LineDraft.Debit(Provider, "M500.02", Money.FromMinorUnits(8, Currency.COUNT)),
            LineDraft.Credit(Provider, "M500.09", Money.FromMinorUnits(8, Currency.COUNT))));

        var trialBalance = Build(null);

        Assert.True(trialBalance.IsBalanced);
        Snapshot.Match(Render(trialBalance));
    }

    [Fact]
    public void TrialBalance_AsOfAPastDate_LeavesOutLaterJournals()
    {
        _books.Post(Sale(100m, new LocalDate(2026, 2, 1)));
        _books.Post(Sale(7m, new LocalDate(2026, 3, 1)));

        var row = Build(new LocalDate(2026, 2, 28)).Sections.Single().Rows.Single(r => r.Account == AccountCode.Parse("1002.01"));

        Assert.Equal(Cny(100m), row.DebitBalance);
    }

    [Fact]
    public void TrialBalance_SeparatesMemoUnitsFromMoney()
    {
        _books.Post(Draft(
            LineDraft.Debit(Provider, "M110", Money.FromMinorUnits(300, Currency.HOUR)).With(DimensionNames.Member, "r-1"),
            LineDraft.Credit(Provider, "M100", Money.FromMinorUnits(300, Currency.HOUR))));
        _books.Post(Sale(1m));

        Assert.Equal([("CNY", false), ("HOUR", true)], Build(null).Sections.Select(s => (s.Unit.Code, s.IsMemo)));
    }

    [Fact]
    public void TrialBalance_OfBalancesThatDoNotBalance_IsNotBalanced()
    {
        // Maintained balances someone corrupted: the bank is 1 fen more than the revenue it came from.
        var balances = new[]
        {
            new AccountBalance(Provider, AccountCode.Parse("1002.01"), Currency.CNY, 10_001, 0),
            new AccountBalance(Provider, AccountCode.Parse("4301.01"), Currency.CNY, 0, 10_000),
        };

        var trialBalance = TrialBalance.Build(_books.Definition, Provider, balances, null);

        var section = Assert.Single(trialBalance.Sections);
        Assert.Equal((10_001L, 10_000L), (section.TotalDebitBalance.MinorUnits, section.TotalCreditBalance.MinorUnits));
        Assert.False(section.IsBalanced);
        Assert.False(trialBalance.IsBalanced);
    }

    [Fact]
    public void TrialBalance_WithOnlyItsMemoSectionOff_IsNotBalanced()
    {
        var balances = new[]
        {
            new AccountBalance(Provider, AccountCode.Parse("1002.01"), Currency.CNY, 500, 0),
            new AccountBalance(Provider, AccountCode.Parse("4301.01"), Currency.CNY, 0, 500),
            new AccountBalance(Provider, AccountCode.Parse("M110"), Currency.HOUR, 300, 0),
            new AccountBalance(Provider, AccountCode.Parse("M100"), Currency.HOUR, 0, 200),
        };

        var trialBalance = TrialBalance.Build(_books.Definition, Provider, balances, null);

        Assert.Equal([true, false], trialBalance.Sections.Select(s => s.IsBalanced));
        Assert.False(trialBalance.IsBalanced);
    }

    [Fact]
    public void TrialBalance_OfPostedJournals_HasEqualDebitAndCreditTotals()
    {
        _books.Post(Sale(1000m));
        _books.Post(Sale(0.01m));

        var section = Assert.Single(Build(null).Sections);

        Assert.Equal((100_001L, 100_001L), (section.TotalDebitBalance.MinorUnits, section.TotalCreditBalance.MinorUnits));
        Assert.True(section.IsBalanced);
    }

    private TrialBalance Build(LocalDate? asOf) => TrialBalance.Build(_books.Definition, Provider, _books.Balances(Provider, asOf), asOf);

    private static string[] Render(TrialBalance tb) =>
        [.. tb.Sections.SelectMany(s => s.Rows.Select(r => $"{s.Unit.Code}{(s.IsMemo ? " memo" : string.Empty)} | {r.Account} {r.NameZh} | Dr {r.DebitBalance.ToAmountString()} | Cr {r.CreditBalance.ToAmountString()}")
            .Append($"{s.Unit.Code} total | Dr {s.TotalDebitBalance.ToAmountString()} | Cr {s.TotalCreditBalance.ToAmountString()}"))];
}
