using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.TestBooks;

namespace CommunityFund.Tests.Posting;

/// <summary>Opening balances (期初余额): one opening journal per entity, dated the day before the books start, all or
/// nothing, every bad line reported by line number and column.</summary>
public class OpeningBalancesTests
{
    private static readonly LocalDate OpeningDate = BooksStart.PlusDays(-1);
    private readonly TestBooks _books = Create();

    private OpeningBalances Opening => new(_books.Engine);

    private static OpeningBalanceLine Line(int line, string entity, string account, string? debit = null, string? credit = null) =>
        new(line, entity, account) { Debit = debit, Credit = credit };

    private static OpeningBalanceLine[] Balanced() =>
    [
        Line(2, "provider", "1002.01", debit: "5000.00"),
        Line(3, "provider", "3102", credit: "1200.00") with { Restriction = "elder-meals-grant" },
        Line(4, "provider", "3101", credit: "3800.00"),
        Line(5, "hub", "1002.01", debit: "800.50"),
        Line(6, "hub", "3001", credit: "800.50"),
    ];

    private Task<CommandResult<OpeningBalancesPosted>> PostAsync(OpeningBalanceLine[] lines, string? key = null) => Opening.PostAsync(TestBooks.Ledger, lines, key);

    [Fact]
    public async Task OpeningBalances_PostOneOpeningJournalPerEntity_DatedTheDayBeforeTheBooksStart()
    {
        var result = await PostAsync(Balanced());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(2, result.Journals.Length);
        Assert.All(result.Journals, j => Assert.Equal(JournalKind.Opening, j.Kind));
        Assert.All(result.Journals, j => Assert.Equal(OpeningDate, j.AccountingDate));
        Assert.Equal(["hub", "provider"], result.Journals.Select(j => j.Lines.Select(l => l.Entity.Value).Distinct().Single()));
        Assert.Equal(Cny(5000m), _books.Balance(Provider, "1002.01", OpeningDate));
    }

    [Fact]
    public async Task RestrictionAndMember_GoOnTheLinesAsDimensions()
    {
        var result = await PostAsync(
        [
            Line(2, "fund", "1701", debit: "300.00") with { Member = "resident-17" },
            Line(3, "fund", "2601", credit: "300.00") with { Member = "resident-17" },
            Line(4, "fund", "1002.01", debit: "50.00"),
            Line(5, "fund", "3102", credit: "50.00") with { Restriction = "youth-fund" },
        ]);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var lines = result.Journals.Single().Lines;
        Assert.Equal("resident-17", lines[0].Dimensions[DimensionNames.Member]);
        Assert.Equal("youth-fund", lines[3].Dimensions[DimensionNames.Restriction]);
    }

    [Fact]
    public async Task UnbalancedEntity_IsRefusedWithItsLines_AndNothingIsPosted()
    {
        var lines = Balanced();
        lines[2] = lines[2] with { Credit = "3700.00" };

        var result = await PostAsync(lines);

        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.OpeningInvalid, result.Errors[0].Code);
        var unbalanced = Assert.Single(result.Errors, e => e.Code == ErrorCodes.JournalUnbalanced);
        Assert.Equal("lines[2].credit", unbalanced.Field);
        Assert.Contains("lines 2–4", unbalanced.Message, StringComparison.Ordinal);
        Assert.Equal("100.00", unbalanced.Figures!["difference"]);
        Assert.Empty(_books.AllJournals());
    }

    [Fact]
    public async Task EveryBadLine_IsListedWithItsLineNumberAndColumn()
    {
        var result = await PostAsync(
        [
            Line(2, "provider", "9999", debit: "1.00"),
            Line(3, "nobody", "1002.01", debit: "1.00"),
            Line(4, "provider", "1002.01", debit: "1.005"),
            Line(5, "provider", "1002.01", debit: "-1.00"),
            Line(6, "provider", "1002.01", debit: "1.00") with { Name = "现金" },
            Line(7, "provider", "3102", credit: "1.00"),
            Line(8, "provider", "1002", debit: "1.00"),
            Line(9, "provider", "1002.01", debit: "1.00", credit: "1.00"),
            Line(10, "", "1002.01", debit: "1.00"),
        ]);

        var fields = result.Errors.Skip(1).Select(e => (e.Field, e.Code)).ToList();
        Assert.Equal(
        [
            ("lines[2].account", ErrorCodes.AccountNotFound),
            ("lines[3].entity", ErrorCodes.EntityNotFound),
            ("lines[4].debit", ErrorCodes.OpeningAmountInvalid),
            ("lines[5].debit", ErrorCodes.OpeningAmountInvalid),
            ("lines[6].name", ErrorCodes.OpeningNameMismatch),
            ("lines[7].restriction", ErrorCodes.LineDimensionRequired),
            ("lines[8].account", ErrorCodes.AccountNotLeaf),
            ("lines[9].credit", ErrorCodes.OpeningAmountInvalid),
            ("lines[10].entity", ErrorCodes.OpeningValueRequired),
        ], fields);
        Assert.Empty(_books.AllJournals());
    }

    [Theory]
    [InlineData("银行存款")]
    [InlineData("basic bank account")]
    [InlineData("基本存款账户")]
    public async Task AccountName_MatchesTheChartsChineseOrEnglishName(string name)
    {
        var lines = Balanced();
        lines[0] = lines[0] with { Name = name };

        var result = await PostAsync(lines);

        Assert.Equal(name == "银行存款", !result.Succeeded);
    }

    [Fact]
    public async Task SecondOpening_ForAnEntity_IsRefusedAsExisting()
    {
        await PostAsync(Balanced(), "opening-1");

        var again = await PostAsync(Balanced(), "opening-2");

        Assert.Equal(ErrorCodes.OpeningExists, again.Errors[0].Code);
        Assert.Equal(2, _books.AllJournals().Count);
    }

    [Fact]
    public async Task SameFile_WithTheSameKey_IsAReplayOfTheFirstJournals()
    {
        var first = await PostAsync(Balanced(), "opening-1");

        var replay = await PostAsync(Balanced(), "opening-1");

        Assert.True(replay.Replayed);
        Assert.Equal(first.Value!.Journals.Select(j => j.Id), replay.Value!.Journals.Select(j => j.Id));
    }

    [Fact]
    public async Task OnlyAnOpeningJournal_MayBeDatedTheDayBeforeTheBooksStart()
    {
        var lines = new[] { LineDraft.Debit(Provider, "1002.01", Cny(1m)), LineDraft.Credit(Provider, "3101", Cny(1m)) };

        var manual = _books.Post(new JournalDraft(OpeningDate, JournalKind.Manual, "too early", [.. lines]));
        var earlier = _books.Post(new JournalDraft(OpeningDate.PlusDays(-1), JournalKind.Opening, "too early", [.. lines]));
        var opening = _books.Post(new JournalDraft(OpeningDate, JournalKind.Opening, "opening", [.. lines]));

        Assert.Equal(ErrorCodes.PeriodBeforeBooksStart, manual.Errors.Single().Code);
        Assert.Equal(ErrorCodes.PeriodBeforeBooksStart, earlier.Errors.Single().Code);
        Assert.True(opening.Succeeded);
    }

    [Fact]
    public async Task FileWithoutBalances_IsRefused()
    {
        var result = await PostAsync([Line(2, "provider", "1002.01", debit: "0"), Line(3, "provider", "3101")]);

        Assert.Equal(ErrorCodes.OpeningInvalid, Assert.Single(result.Errors).Code);
    }
}
