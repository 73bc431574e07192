using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The store contract: an append that would break the books (a stale head, a taken key, a second reversal, no
/// ledger, a closed period) writes nothing; a period closes only from where its caller saw it.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task Append_OnAStaleHead_WritesNothing()
    {
        var first = (await Engine.PostAsync(Ledger, Sale(1))).Journal;
        var stale = first with { };

        Assert.Equal(AppendOutcome.HeadMoved, await Store.AppendAsync(new AppendRequest(Ledger, 0, [stale], null, null)));
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task Append_WithATakenKey_WritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1), "taken");
        var next = await NextJournalAsync(Sale(5));

        Assert.Equal(AppendOutcome.IdempotencyKeyTaken, await Store.AppendAsync(new AppendRequest(Ledger, 1, [next], "taken", "x")));
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task Append_OfASecondReversal_WritesNothing()
    {
        var original = (await Engine.PostAsync(Ledger, Sale(10))).Journal;
        await Engine.ReverseAsync(new ReversalRequest(Ledger, original.Id, "wrong"));
        var second = (await NextJournalAsync(Sale(10))) with { ReversalOf = original.Id };

        Assert.Equal(AppendOutcome.AlreadyReversed, await Store.AppendAsync(new AppendRequest(Ledger, 2, [second], null, null)));
        await AssertUnchangedAsync(2, Cny(0));
    }

    [Fact]
    public async Task Append_ToALedgerThatDoesNotExist_SaysSo_AndWritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1));
        var next = await NextJournalAsync(Sale(5));

        Assert.Equal(AppendOutcome.LedgerNotFound, await Store.AppendAsync(new AppendRequest(LedgerId.From("nowhere"), 1, [next], "elsewhere", "x")));
        Assert.Null(await Store.GetLedgerAsync(LedgerId.From("nowhere")));
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task Append_IntoAClosedPeriod_WritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        Assert.True((await Engine.ClosePeriodAsync(Ledger, new YearMonth(2026, 1))).Closed);
        var late = await NextJournalAsync(Sale(7, new LocalDate(2026, 1, 31)));

        Assert.Equal(AppendOutcome.PeriodClosed, await Store.AppendAsync(new AppendRequest(Ledger, 1, [late], null, null)));
        Assert.Equal(new LocalDate(2026, 1, 31), (await Store.GetLedgerAsync(Ledger))!.Head.ClosedThrough);
        await AssertUnchangedAsync(1, Cny(1));
    }

    [Fact]
    public async Task ClosePeriod_OnlyMovesFromWhereTheCallerSawIt()
    {
        Assert.True(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 1, 31)));
        Assert.False(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 2, 28)));
        Assert.True(await Store.ClosePeriodAsync(Ledger, new LocalDate(2026, 1, 31), new LocalDate(2026, 2, 28)));
    }

    [Fact]
    public async Task ClosePeriod_WithItsRecord_WritesTheRecordWithTheLock()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        var record = new LedgerDocument("contract-close", "2026-01", null, 1, "{}");

        Assert.True(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 1, 31), 1, [record]));

        Assert.Equal(new LocalDate(2026, 1, 31), (await Store.GetLedgerAsync(Ledger))!.Head.ClosedThrough);
        Assert.Equal(record, await Store.GetDocumentAsync(Ledger, "contract-close", "2026-01"));
    }

    [Fact]
    public async Task ClosePeriod_WithItsRecord_OnAMovedHeadOrLock_WritesNothing()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        var record = new LedgerDocument("contract-close", "2026-01", null, 0, "{}");

        Assert.False(await Store.ClosePeriodAsync(Ledger, null, new LocalDate(2026, 1, 31), 0, [record]));
        Assert.False(await Store.ClosePeriodAsync(Ledger, new LocalDate(2025, 12, 31), new LocalDate(2026, 1, 31), 1, [record]));

        Assert.Null((await Store.GetLedgerAsync(Ledger))!.Head.ClosedThrough);
        Assert.Null(await Store.GetDocumentAsync(Ledger, "contract-close", "2026-01"));
    }

    [Fact]
    public async Task EachPeriodClose_LeavesOneRecord_AfterTheHead_WhetherOrNotItPostedJournals()
    {
        await Engine.PostAsync(Ledger, Sale(1, new LocalDate(2026, 1, 5)));
        Assert.True((await Engine.ClosePeriodAsync(Ledger, new YearMonth(2026, 1))).Closed);
        Assert.True((await new PeriodClosing(Store, Engine).CloseAsync(Ledger, new YearMonth(2026, 2))).Close.Closed);

        var closes = await PeriodCloseRecords.ListAsync(Store, Ledger);

        Assert.Equal([new YearMonth(2026, 1), new YearMonth(2026, 2)], closes.Select(c => c.Period));
        Assert.Equal([1L, 1L], closes.Select(c => c.AfterSequence));
        Assert.All(closes, c => Assert.Empty(c.ClosingJournals));
        Assert.Equal([new LocalDate(2026, 1, 31), new LocalDate(2026, 2, 28)], closes.Select(c => c.ClosedThrough));
    }

    private async Task AssertUnchangedAsync(long sequence, Money bank)
    {
        var state = (await Store.GetLedgerAsync(Ledger))!;
        Assert.Equal(sequence, state.Head.Sequence);
        Assert.Equal(sequence, (await Store.ReadJournalsAsync(Ledger, 0, 1000)).Count);
        Assert.Equal(bank, await BalanceAsync("1002.01", null));
        Assert.True((await LedgerIntegrity.CheckAsync(Store, Ledger)).IsSound);
    }
}
