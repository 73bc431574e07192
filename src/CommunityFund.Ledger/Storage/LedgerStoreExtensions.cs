using System.Runtime.CompilerServices;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>Helpers over <see cref="ILedgerStore"/>.</summary>
public static class LedgerStoreExtensions
{
    /// <summary>The default number of journals read per page.</summary>
    public const int DefaultPageSize = 1_000;

    /// <summary>Streams a ledger's journals in sequence order, one page at a time, so memory stays flat however long the
    /// chain is.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="pageSize">Journals read per page.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journals.</returns>
    public static async IAsyncEnumerable<Journal> StreamJournalsAsync(
        this IJournalLog store, LedgerId ledger, int pageSize = DefaultPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        await foreach (var journal in StreamPagesAsync(store, ledger, pageSize, static page => page, cancellationToken).ConfigureAwait(false))
        {
            yield return journal;
        }
    }

    /// <summary>Streams a ledger's journals as <see cref="StreamJournalsAsync"/> does, each page turned by
    /// <paramref name="prepare"/> on the thread that read it (so work per journal, such as hashing, runs on both cores).</summary>
    internal static async IAsyncEnumerable<T> StreamPagesAsync<T>(
        IJournalLog store, LedgerId ledger, int pageSize, Func<IReadOnlyList<Journal>, IReadOnlyList<T>> prepare, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Read ahead, two pages deep, on other threads (the SQLite provider reads synchronously): the pages after the
        // one being consumed load meanwhile, on both cores. Sequences are gapless, so the page after `after` is
        // expected to start at after + pageSize; when a page ends elsewhere (a shorter page, or a chain with a gap)
        // the guesses are dropped and reading goes on from where the page really ended — the result is exactly the
        // sequential read's.
        var inFlight = new Queue<(long After, Task<(IReadOnlyList<Journal> Page, IReadOnlyList<T> Prepared)> Read)>();
        long scheduled = 0;
        try
        {
            inFlight.Enqueue((0, ReadAhead(store, ledger, 0, pageSize, prepare, cancellationToken)));
            while (true)
            {
                var (_, read) = inFlight.Dequeue();
                var (page, prepared) = await read.ConfigureAwait(false);
                if (page.Count == 0)
                {
                    yield break;
                }

                var after = page[^1].Sequence;
                if (inFlight.Count > 0 && inFlight.Peek().After != after)
                {
                    await DrainAsync(inFlight).ConfigureAwait(false);
                }

                if (inFlight.Count == 0)
                {
                    scheduled = after;
                    inFlight.Enqueue((after, ReadAhead(store, ledger, after, pageSize, prepare, cancellationToken)));
                }

                while (inFlight.Count < ReadAheadPages && page.Count == pageSize)
                {
                    scheduled += pageSize;
                    inFlight.Enqueue((scheduled, ReadAhead(store, ledger, scheduled, pageSize, prepare, cancellationToken)));
                }

                foreach (var item in prepared)
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // The caller stopped early (or a read failed): let the reads in flight finish before returning.
            await DrainAsync(inFlight).ConfigureAwait(false);
        }
    }

    private const int ReadAheadPages = 2;

    /// <summary>The register's journals by reading the whole ledger (the default of
    /// <see cref="IJournalLog.ReadAccountJournalsAsync"/>).</summary>
    internal static async IAsyncEnumerable<Journal> ScanAccountJournalsAsync(
        IJournalLog store, LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if ((from is null || journal.AccountingDate >= from) && (to is null || journal.AccountingDate <= to) &&
                journal.Lines.Any(l => l.Entity == entity && l.Account == account))
            {
                yield return journal;
            }
        }
    }

    /// <summary>The journals dated in a range by reading the whole ledger (the default of
    /// <see cref="IJournalLog.ReadDatedJournalsAsync"/>).</summary>
    internal static async IAsyncEnumerable<Journal> ScanDatedJournalsAsync(
        IJournalLog store, LedgerId ledger, LocalDate? from, LocalDate? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if ((from is null || journal.AccountingDate >= from) && (to is null || journal.AccountingDate <= to))
            {
                yield return journal;
            }
        }
    }

    private static async Task DrainAsync<T>(Queue<(long After, Task<(IReadOnlyList<Journal> Page, IReadOnlyList<T> Prepared)> Read)> inFlight)
    {
        while (inFlight.TryDequeue(out var pending))
        {
            try
            {
                await pending.Read.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException || pending.Read.IsFaulted)
            {
                // A speculative read's outcome no longer matters.
            }
        }
    }

    private static Task<(IReadOnlyList<Journal> Page, IReadOnlyList<T> Prepared)> ReadAhead<T>(
        IJournalLog store, LedgerId ledger, long after, int pageSize, Func<IReadOnlyList<Journal>, IReadOnlyList<T>> prepare, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            var page = await store.ReadJournalsAsync(ledger, after, pageSize, cancellationToken).ConfigureAwait(false);
            return (page, prepare(page));
        }, cancellationToken);
}
