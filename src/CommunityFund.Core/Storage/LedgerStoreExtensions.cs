using System.Runtime.CompilerServices;
using CommunityFund.Ledger;
using CommunityFund.Posting;

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
        this ILedgerStore store, LedgerId ledger, int pageSize = DefaultPageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        long after = 0;
        while (true)
        {
            var page = await store.ReadJournalsAsync(ledger, after, pageSize, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                yield break;
            }

            foreach (var journal in page)
            {
                yield return journal;
            }

            after = page[^1].Sequence;
        }
    }
}
