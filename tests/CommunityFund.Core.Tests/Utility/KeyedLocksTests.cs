using CommunityFund.Utility;

namespace CommunityFund.Core.Tests.Utility;

/// <summary>The per-key locks: exclusive per key, independent across keys, and no entry outlives its last holder or
/// waiter.</summary>
public class KeyedLocksTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ManyDistinctKeys_AcquiredAndReleased_LeaveNoEntries()
    {
        var locks = new KeyedLocks<string>();
        for (var i = 0; i < 1000; i++)
        {
            using var _ = await locks.AcquireAsync($"key-{i}", CancellationToken.None);
            Assert.Equal(1, locks.Count);
        }

        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task TheSameKey_IsHeldByOneCallerAtATime_UnderConcurrency()
    {
        var locks = new KeyedLocks<int>();
        var inside = 0;
        var most = 0;
        var total = 0;

        async Task Work()
        {
            for (var i = 0; i < 50; i++)
            {
                using (await locks.AcquireAsync(7, CancellationToken.None))
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref most, now);
                    await Task.Yield();
                    total++; // not atomic on purpose: the lock is what makes it safe
                    Interlocked.Decrement(ref inside);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(Work))).WaitAsync(Patience);

        Assert.Equal(1, most);
        Assert.Equal(8 * 50, total);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task AWaiter_GetsTheKeyWhenTheHolderReleases_AndTheEntryGoesWithTheLastOfThem()
    {
        var locks = new KeyedLocks<string>();
        var holder = await locks.AcquireAsync("k", CancellationToken.None);
        var waiter = locks.AcquireAsync("k", CancellationToken.None);
        Assert.False(waiter.IsCompleted);

        holder.Dispose();
        using (await waiter.WaitAsync(Patience))
        {
            Assert.Equal(1, locks.Count); // the waiter, now the holder, keeps the entry
        }

        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task ACancelledWaiter_LeavesNoEntry()
    {
        var locks = new KeyedLocks<string>();
        using var cancellation = new CancellationTokenSource();
        var holder = await locks.AcquireAsync("k", CancellationToken.None);
        var waiter = locks.AcquireAsync("k", cancellation.Token);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(Patience));
        Assert.Equal(1, locks.Count); // only the holder's
        holder.Dispose();

        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task AWaiterCancelledBeforeItStarts_LeavesNoEntry()
    {
        var locks = new KeyedLocks<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locks.AcquireAsync("k", new CancellationToken(canceled: true)));

        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task DifferentKeys_DoNotBlockEachOther()
    {
        var locks = new KeyedLocks<string>();
        using var first = await locks.AcquireAsync("a", CancellationToken.None);

        var second = locks.AcquireAsync("b", CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
        (await second).Dispose();
        Assert.Equal(1, locks.Count);
    }

    [Fact]
    public async Task KeysReleasedWhileOthersQueue_AreAllRemovedInTheEnd()
    {
        var locks = new KeyedLocks<int>();

        async Task Work(int worker)
        {
            for (var i = 0; i < 200; i++)
            {
                using (await locks.AcquireAsync((worker + i) % 5, CancellationToken.None))
                {
                    await Task.Yield();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() => Work(w)))).WaitAsync(Patience);

        Assert.Equal(0, locks.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
