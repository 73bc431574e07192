using CommunityFund.Api.Infrastructure;

namespace CommunityFund.Api;

/// <summary>The reads that rescan a whole ledger — the audit, the integrity check and the signed checkpoint — take
/// turns: at most one runs at a time in this process and the others wait for it. However long the books grow and
/// however many trustees ask at once, these scans take one core from the writers, and the memory of one scan.</summary>
public sealed class ScanGate : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Runs a scan in its turn.</summary>
    /// <typeparam name="T">The scan's result.</typeparam>
    /// <param name="scan">The scan.</param>
    /// <param name="cancellationToken">Cancellation (the request's: a caller that leaves stops waiting).</param>
    /// <returns>The scan's result.</returns>
    public async Task<T> RunAsync<T>(Func<Task<T>> scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await scan().ConfigureAwait(false);
        }
        finally
        {
            // A whole-ledger scan is the process's native peak (SQLite's pages and statements on pool threads): give
            // the arenas' free pages back rather than keep them as resident memory until the next scan.
            MallocArenas.Trim();
            _turn.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _turn.Dispose();
}
