using System.Collections.Concurrent;

namespace CommunityFund.Utility;

/// <summary>One asynchronous lock per key (per ledger), so writers of one ledger queue while ledgers run in parallel.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
internal sealed class KeyedLocks<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, SemaphoreSlim> _locks = new();

    internal async Task<Releaser> AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(semaphore);
    }

    internal readonly struct Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
