using CommunityFund.Economy;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.Economy.EconomyBooks;

namespace CommunityFund.Tests.Economy;

/// <summary>A refund finds the statement that billed its sale's shares through the index written with each statement
/// (ADR 0036), not by listing every statement of the provider; books written before the index find it by the listing,
/// and the provider's next statement indexes them.</summary>
public class BilledStatementsTests
{
    private static readonly LocalDate April20 = new(2026, 4, 20);

    [Fact]
    public async Task Refund_ReadsTheStatementsThatBilledItsSale_NotEveryStatementOfTheProvider()
    {
        var books = Create();
        var sales = new List<SaleRecord>();
        for (var month = 1; month <= 4; month++)
        {
            sales.Add(books.SellOk(PaidMeal(date: new LocalDate(2026, month, 2))));
            Assert.True(books.Prepare(ElderCare, Hub, 2026, month).Succeeded);
            Assert.True(books.Prepare(ElderCare, Fund, 2026, month).Succeeded);
        }

        var reads = new KindCountingStore(books.Ledgers, EconomyRecords.Statement.Kind);
        var economy = new CommunityEconomy(reads, new PostingEngine(reads, books.Clock), books.Clock);
        var refunded = await economy.RefundAsync(EconomyBooks.Ledger, new RefundRequest(sales[1].Id, Cny(40m), April20, "resident cancelled"));

        Assert.True(refunded.Succeeded);
        Assert.Equal((0, 2), (reads.Listings, reads.ReadByKey)); // February's two statements, of the eight
        var refund = Assert.Single(refunded.Value!.Refunds);
        Assert.Equal((0L, refund.Reversed.Hub), (refund.HubStatementItem, refund.HubClawback));
    }

    [Fact]
    public void Refund_OnBooksWrittenBeforeTheIndex_FindsTheStatementThatBilledItsSale()
    {
        var books = Create();
        var sale = books.SellOk(PaidMeal());
        Assert.True(books.Prepare(ElderCare, Hub, 2026, 3).Succeeded);
        books.ForgetStatementIndex();

        var refund = Assert.Single(books.Refund(sale.Id, 40m, April20).Value!.Refunds);

        Assert.True(refund.Reversed.Hub > 0);
        Assert.Equal((0L, refund.Reversed.Hub), (refund.HubStatementItem, refund.HubClawback)); // billed: given back
        Assert.Equal((refund.Reversed.Fund, 0L), (refund.FundStatementItem, refund.FundClawback)); // not billed: netted
    }

    [Fact]
    public async Task NextStatement_OnBooksWrittenBeforeTheIndex_IndexesTheProvidersEarlierStatements()
    {
        var books = Create();
        var march = books.SellOk(PaidMeal());
        Assert.True(books.Prepare(ElderCare, Hub, 2026, 3).Succeeded);
        books.ForgetStatementIndex();
        books.SellOk(PaidMeal(date: new LocalDate(2026, 4, 2)));
        Assert.True(books.Prepare(ElderCare, Fund, 2026, 4).Succeeded);

        var reads = new KindCountingStore(books.Ledgers, EconomyRecords.Statement.Kind);
        var economy = new CommunityEconomy(reads, new PostingEngine(reads, books.Clock), books.Clock);
        var refunded = await economy.RefundAsync(EconomyBooks.Ledger, new RefundRequest(march.Id, Cny(40m), April20, "resident cancelled"));

        Assert.Equal(0, reads.Listings);
        var refund = Assert.Single(refunded.Value!.Refunds);
        Assert.Equal((0L, refund.Reversed.Hub), (refund.HubStatementItem, refund.HubClawback)); // March's hub statement, indexed in April
    }
}
