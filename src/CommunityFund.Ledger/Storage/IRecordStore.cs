using System.Runtime.CompilerServices;
using CommunityFund.Ledger;

namespace CommunityFund.Storage;

/// <summary>The records kept beside the journals (sales, statements, agreements, keys…), opaque to the kernel: kind,
/// key, owner, order, JSON and schema version. Services read and write them through a typed <see cref="RecordType{T}"/>;
/// records that belong to journals are written with them in one append (<see cref="AppendRequest.Documents"/>).</summary>
public interface IRecordStore
{
    /// <summary>Writes documents (insert or replace) on their own.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>Deletes documents of a kind by key (keys not stored are skipped): for records a service keeps for a while
    /// only, such as a delivery log under a retention. Journals and their lines are never documents and are never
    /// deleted. Stores override the default, which refuses.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many documents were deleted.</returns>
    /// <exception cref="NotSupportedException">The store cannot delete documents.</exception>
    Task<int> DeleteDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot delete documents.");

    /// <summary>
    /// The version of the ledger's records: a number that moves whenever a record is written or deleted other than with
    /// journals (<see cref="PutDocumentsAsync"/>, <see cref="DeleteDocumentsAsync"/>, and the writes at the head or with a
    /// period's close). A record written with journals moves the ledger's head instead. So while both the head and this
    /// version stand still, no record of the ledger changed: a reader that read a list after this version may keep it.
    /// </summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The version, or <c>null</c> when the ledger does not exist or the store keeps no version (the default):
    /// then nothing read may be kept.</returns>
    Task<long?> GetRecordsVersionAsync(LedgerId ledger, CancellationToken cancellationToken = default) => Task.FromResult<long?>(null);

    /// <summary>Reads one document.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The document, or <c>null</c>.</returns>
    Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the documents of a kind, optionally of one owner, by order then key.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="owner">An owner, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The documents.</returns>
    Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default);

    /// <summary>One page of the documents of a kind, optionally of one owner, by order then key: at most
    /// <paramref name="limit"/> of those after <paramref name="after"/>. Stores override the default, which lists them
    /// all and skips to the page; a store with an index on (kind, order, key) reads only the page.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="owner">An owner, or <c>null</c> for all.</param>
    /// <param name="after">Where the page starts (just after it), or <c>null</c> for the first page.</param>
    /// <param name="limit">The most documents to read (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page; empty after the last.</returns>
    async Task<IReadOnlyList<LedgerDocument>> ListDocumentsPageAsync(LedgerId ledger, string kind, string? owner, DocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var all = await ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(d => after is null || after.Precedes(d)).Take(limit)];
    }

    /// <summary>Reads the documents of a kind with the given keys, in one or a few round trips; keys not stored are
    /// absent from the answer. Stores override the default, which reads them one by one.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The documents found, in no particular order.</returns>
    async Task<IReadOnlyList<LedgerDocument>> GetDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<LedgerDocument>(keys.Count);
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (await GetDocumentAsync(ledger, kind, key, cancellationToken).ConfigureAwait(false) is { } document)
            {
                found.Add(document);
            }
        }

        return found;
    }

    /// <summary>Streams the documents of a kind, optionally of one owner, by order then key, without holding them all:
    /// for a reader that folds many documents into a few figures. Stores override the default, which lists them.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="owner">An owner, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The documents, one at a time.</returns>
    async IAsyncEnumerable<LedgerDocument> StreamDocumentsAsync(LedgerId ledger, string kind, string? owner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var document in await ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false))
        {
            yield return document;
        }
    }
}
