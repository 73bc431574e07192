using CommunityFund.Ledger;
using CommunityFund.Reports;
using CommunityFund.Storage;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The store contract on PostgreSQL, and how its appends pipeline: one sent while the one before holds the
/// ledger's head (ADR 0043).</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresStoreContract : StoreContract
{
    protected override async Task<IBackend> CreateBackendAsync() => await PostgresBackend.CreateAsync();

    [Fact]
    public async Task AnAppendSentWhileTheOneBeforeHoldsTheHead_MovesTheHeadOnceThatOneCommits()
    {
        await Engine.PostAsync(Ledger, Sale(1));
        var next = await NextJournalsAsync(Sale(2), Sale(3));
        using var committing = new ManualResetEventSlim();
        var first = await AppendHoldingTheHeadAsync(next[0], committing);

        var second = Store.AppendAsync(new AppendRequest(Ledger, 2, [next[1]], null, null));
        await Task.Delay(200);
        Assert.False(second.IsCompleted); // its head's move waits for the first one's commit
        committing.Set();

        Assert.Equal((AppendOutcome.Appended, AppendOutcome.Appended), (await first, await second));
        Assert.Equal(next[1].Hash, (await Store.GetLedgerAsync(Ledger))!.Head.Hash);
        Assert.True((await LedgerIntegrity.CheckAsync(Store, Ledger)).IsSound);
    }

    [Fact]
    public async Task AnAppendSentBehindOneThatRollsBack_WritesNothing_AndSaysTheHeadMoved()
    {
        await Engine.PostAsync(Ledger, Sale(1));
        var next = await NextJournalsAsync(Sale(2), Sale(3));
        using var failing = new ManualResetEventSlim();
        var first = await AppendHoldingTheHeadAsync(next[0], failing, () => throw new InvalidOperationException("The connection was lost before the commit."));

        var second = Store.AppendAsync(new AppendRequest(Ledger, 2, [next[1]], null, null));
        failing.Set();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Equal(AppendOutcome.HeadMoved, await second);
        var state = (await Store.GetLedgerAsync(Ledger))!;
        Assert.Equal(1, state.Head.Sequence);
        Assert.Single(await Store.ReadJournalsAsync(Ledger, 0, 1000));
        Assert.True((await LedgerIntegrity.CheckAsync(Store, Ledger)).IsSound);
    }

    /// <summary>Sends the append of <paramref name="journal"/> after the first journal and returns once its transaction
    /// holds the ledger's head: it stays there, uncommitted, until <paramref name="release"/> is set, then runs
    /// <paramref name="then"/> (if any) before its commit.</summary>
    private async Task<Task<AppendOutcome>> AppendHoldingTheHeadAsync(Journal journal, ManualResetEventSlim release, Action? then = null)
    {
        var headTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var append = Task.Run(() => Store.AppendAsync(new AppendRequest(Ledger, 1, [journal], null, null)
        {
            HeadTaken = () =>
            {
                headTaken.SetResult();
                release.Wait();
                then?.Invoke();
            },
        }));
        await headTaken.Task.WaitAsync(TimeSpan.FromMinutes(1));
        return append;
    }
}
