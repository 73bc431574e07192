using System.Collections.Concurrent;

namespace CommunityFund.EntityFrameworkCore.Tests;

public class GroupCommitTests
{
    [Fact]
    public async Task ConcurrentWrites_ShareTransactions_AndEachCallerReturnsOnlyOnceItsItemIsWritten()
    {
        var group = new GroupCommit<int>();
        var batches = new ConcurrentQueue<int[]>();
        var written = new ConcurrentDictionary<int, bool>();

        async Task Write(IReadOnlyList<int> items)
        {
            await Task.Delay(5); // a commit takes time: writers arriving meanwhile queue up
            foreach (var item in items)
            {
                written[item] = true;
            }

            batches.Enqueue([.. items]);
        }

        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            await group.WriteAsync(i, Write, CancellationToken.None);
            Assert.True(written.ContainsKey(i));
        })));

        Assert.Equal(Enumerable.Range(0, 60), batches.SelectMany(b => b).Order());
        Assert.InRange(batches.Count, 1, 59);
    }

    [Fact]
    public async Task AFailingItem_FailsAlone_AndTheOthersOfItsBatchAreWritten()
    {
        var group = new GroupCommit<int>();
        var written = new ConcurrentDictionary<int, bool>();

        async Task Write(IReadOnlyList<int> items)
        {
            await Task.Delay(5);
            if (items.Contains(13))
            {
                throw new InvalidOperationException("item 13 is refused");
            }

            foreach (var item in items)
            {
                written[item] = true;
            }
        }

        var calls = Enumerable.Range(0, 30).Select(i => Task.Run(() => group.WriteAsync(i, Write, CancellationToken.None))).ToList();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => calls[13]);

        Assert.Equal("item 13 is refused", failure.Message);
        await Task.WhenAll(calls.Where((_, i) => i != 13));
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i != 13), written.Keys.Order());
    }
}
