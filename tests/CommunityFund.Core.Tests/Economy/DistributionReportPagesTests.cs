using CommunityFund.Economy;
using CommunityFund.Ledger;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CommunityFund.Tests.Economy;

/// <summary>The distribution report a page at a time from the index of distributions (<see cref="DistributionTotals.DistributionsPageAsync"/>).</summary>
public class DistributionReportPagesTests
{
    private static readonly LedgerId Id = EconomyBooks.Ledger;

    private static Arbitrary<int> Seeds => Generators.Seeds;

    [Fact]
    public void Pages_FollowedByTheirLastJournal_AreTheWholeReportInItsOrder() =>
        Prop.ForAll(Seeds, seed =>
        {
            var random = new Random(seed);
            var (books, _) = DistributionPropertyTests.Simulation.Run(seed, steps: 30);
            var (from, to) = random.Next(2) == 0 ? ((LocalDate?)null, (LocalDate?)null) : (new LocalDate(2026, 1, 10), new LocalDate(2026, 2, 20));
            var provider = random.Next(2) == 0 ? (EntityId?)null : EconomyBooks.ElderCare;
            var limit = random.Next(1, 5);
            var whole = DistributionReports.DistributionsAsync(books.Store, Id, provider, from, to).GetAwaiter().GetResult();

            var pages = new List<DistributionReportRow>();
            for (JournalId? after = null; ;)
            {
                var page = books.Economy.Totals.DistributionsPageAsync(Id, provider, from, to, after, limit).GetAwaiter().GetResult();
                Assert.InRange(page.Length, 0, limit);
                pages.AddRange(page);
                if (page.Length < limit)
                {
                    break;
                }

                after = page[^1].Distribution.Journal;
            }

            Assert.Equal(whole.Select(Shape), pages.Select(Shape));
        }).Check(Generators.Runs(30));

    /// <summary>A row's fields (its distribution record holds its carry as an array, equal by reference only).</summary>
    private static string Shape(DistributionReportRow row) =>
        $"{row.Sale}|{row.Provider}|{row.Package}|{row.Tier}|{row.Distribution.Journal}|{row.Distribution.Date}|{row.Distribution.Base}|{row.Distribution.Parts}|{row.Distribution.PolicyReference}|{row.Distribution.HubVat}|{string.Join(",", row.Distribution.CarryAfter)}|{row.HubStatus}|{row.FundStatus}|{row.Reversed}";

    [Fact]
    public void APage_OfBooksWrittenBeforeTheStatementIndex_ShowsTheSameStatuses() =>
        Prop.ForAll(Seeds, seed =>
        {
            var (books, _) = DistributionPropertyTests.Simulation.Run(seed, steps: 30);
            books.ForgetStatementIndex();

            var whole = DistributionReports.DistributionsAsync(books.Store, Id).GetAwaiter().GetResult();
            var page = books.Economy.Totals.DistributionsPageAsync(Id, null, null, null, null, 1_000).GetAwaiter().GetResult();

            Assert.Equal(whole.Select(Shape), page.Select(Shape));
        }).Check(Generators.Runs(10));

    [Fact]
    public async Task ACursorNamingNoRowOfTheReport_AnswersAnEmptyPage()
    {
        var books = EconomyBooks.Create();
        books.SellOk(EconomyBooks.PaidMeal());

        var page = await books.Economy.Totals.DistributionsPageAsync(Id, null, null, null, new JournalId(Guid.NewGuid()), 10);

        Assert.Empty(page);
    }
}
