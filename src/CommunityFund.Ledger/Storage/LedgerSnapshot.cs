using CommunityFund.Ledger;

namespace CommunityFund.Storage;

/// <summary>
/// A ledger's books as of one moment (<see cref="ISnapshotStore"/>), read through <see cref="Store"/>; every write
/// through it is refused. Open one with <see cref="OpenAsync"/>, read, then dispose it.
/// </summary>
public sealed class LedgerSnapshot : IAsyncDisposable
{
    private readonly Func<ValueTask>? _close;

    /// <summary>Creates a snapshot over the store that reads it.</summary>
    /// <param name="reads">The store whose reads see the one moment (or the live store, when <paramref name="isolated"/>
    /// is false).</param>
    /// <param name="isolated">Whether the reads are isolated from the writes made while the snapshot is open.</param>
    /// <param name="close">Releases what the snapshot holds, or <c>null</c>.</param>
    public LedgerSnapshot(ILedgerStore reads, bool isolated, Func<ValueTask>? close = null)
    {
        ArgumentNullException.ThrowIfNull(reads);
        Store = new ReadOnlyLedgerStore(reads, isolated);
        IsIsolated = isolated;
        _close = close;
    }

    /// <summary>The books as of the snapshot's moment; writes throw <see cref="InvalidOperationException"/>.</summary>
    public ILedgerStore Store { get; }

    /// <summary>Whether the reads are isolated from the writes made meanwhile: false only for a store that cannot take
    /// snapshots (it does not implement <see cref="ISnapshotStore"/>), whose reads see the live books.</summary>
    public bool IsIsolated { get; }

    /// <summary>Opens a snapshot of a ledger when the store can take one; otherwise a read-only view of the live store
    /// (<see cref="IsIsolated"/> false).</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The snapshot.</returns>
    public static async Task<LedgerSnapshot> OpenAsync(ILedgerStore store, LedgerId ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store is ISnapshotStore snapshots
            ? await snapshots.OpenSnapshotAsync(ledger, cancellationToken).ConfigureAwait(false)
            : new LedgerSnapshot(store, isolated: false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _close?.Invoke() ?? ValueTask.CompletedTask;
}
