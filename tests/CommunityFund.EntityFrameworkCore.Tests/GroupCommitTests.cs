using System.Collections.Concurrent;

namespace CommunityFund.EntityFrameworkCore.Tests;

/// <summary>The group commit, made deterministic: the first writer's commit is held open until every other writer has
/// queued, so the batches are known exactly rather than left to overlapping delays.</summary>
public class GroupCommitTests
{
    [Fact]
    public async Task WritersQueuedDuringACommit_ShareTheNextTransaction_AndEachReturnsOnlyOnceItsItemIsWritten()
    {
        var group = new GroupCommit<int>();
        var batches = new ConcurrentQueue<int[]>();
        var written = new ConcurrentDictionary<int, bool>();
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Write(IReadOnlyList<int> items)
        {
            if (items.Contains(0))
            {
                entered.SetResult();
                await firstCommit.Task; // the first commit is in progress while the others queue
            }

            foreach (var item in items)
            {
                written[item] = true;
            }

            batches.Enqueue([.. items]);
        }

        async Task WriteAndCheck(int item)
        {
            await group.WriteAsync(item, Write, CancellationToken.None);
            Assert.True(written.ContainsKey(item), $"item {item} was answered before it was written");
        }

        var first = WriteAndCheck(0);
        await entered.Task;
        var others = Enumerable.Range(1, 59).Select(WriteAndCheck).ToList(); // each queues before its first await
        Assert.All(others, t => Assert.False(t.IsCompleted));
        firstCommit.SetResult();
        await Task.WhenAll([first, .. others]);

        Assert.Equal([[0], [.. Enumerable.Range(1, 59)]], batches.ToArray());
    }

    [Fact]
    public async Task AFailingItem_FailsAlone_AndTheOthersOfItsBatchAreWritten()
    {
        var group = new GroupCommit<int>();
        var written = new ConcurrentDictionary<int, bool>();
        var attempts = new ConcurrentQueue<int[]>();
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task Write(IReadOnlyList<int> items)
        {
            attempts.Enqueue([.. items]);
            if (items.Contains(0))
            {
                entered.SetResult();
                await firstCommit.Task;
            }

            if (items.Contains(13))
            {
                throw new InvalidOperationException("item 13 is refused");
            }

            foreach (var item in items)
            {
                written[item] = true;
            }
        }

        var first = group.WriteAsync(0, Write, CancellationToken.None);
        await entered.Task;
        var calls = Enumerable.Range(1, 29).Select(i => group.WriteAsync(i, Write, CancellationToken.None)).ToList();
        firstCommit.SetResult();
        await first;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => calls[12]);
        await Task.WhenAll(calls.Where((_, i) => i != 12));

        Assert.Equal("item 13 is refused", failure.Message);
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i != 13), written.Keys.Order());
        // [0], then the shared batch [1..29] fails, then each of its items is written alone.
        Assert.Equal([[0], [.. Enumerable.Range(1, 29)], .. Enumerable.Range(1, 29).Select(i => new[] { i })], attempts.ToArray());
    }
}
