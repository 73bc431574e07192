namespace CommunityFund.Utility;

/// <summary>One asynchronous lock per key (per ledger, per idempotency key), so writers of one key queue while keys run
/// in parallel. An entry lives only while someone holds or waits for its key: it is reference-counted (holders and
/// waiters) and removed when the count falls to zero, so keys used once do not accumulate.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
internal sealed class KeyedLocks<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _entries = [];
    private readonly Lock _gate = new();

    /// <summary>How many keys are held or waited for now (zero when nobody holds a lock).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    internal async Task<Releaser> AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            // The count is taken before waiting, under the same lock as the removal: an entry about to be removed
            // (count zero) is never handed out.
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries.Add(key, entry);
            }

            entry.References++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A cancelled (or failed) waiter gives its reference back, and removes the entry if it was the last.
            Leave(key, entry);
            throw;
        }

        return new Releaser(this, key, entry);
    }

    private void Leave(TKey key, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    internal sealed class Entry
    {
        internal SemaphoreSlim Semaphore { get; } = new(1, 1);

        internal int References { get; set; }
    }

    internal readonly struct Releaser : IDisposable
    {
        private readonly KeyedLocks<TKey> _owner;
        private readonly TKey _key;
        private readonly Entry _entry;

        internal Releaser(KeyedLocks<TKey> owner, TKey key, Entry entry)
        {
            _owner = owner;
            _key = key;
            _entry = entry;
        }

        public void Dispose()
        {
            // The next waiter (if any) still holds a reference, so the entry survives until it releases too.
            _entry.Semaphore.Release();
            _owner.Leave(_key, _entry);
        }
    }
}
