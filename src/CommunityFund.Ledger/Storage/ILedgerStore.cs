using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>
/// Where the books are kept: the journal log (<see cref="IJournalLog"/>: definitions, the append-only chain with its
/// keys, the period lock), the balances maintained with it (<see cref="IBalanceReader"/>) and the records kept beside
/// it (<see cref="IRecordStore"/>). A store implements all three over one transaction boundary; a consumer asks for
/// the narrowest it needs.
/// </summary>
public interface ILedgerStore : IJournalLog, IBalanceReader, IRecordStore
{
    /// <summary>Writes documents only if the head is still at <paramref name="expectedSequence"/>, in one transaction with
    /// that check (a record that takes its place in the ledger's order after the head, such as a publication, written while
    /// no journal can slip in before it). Stores override the default, which checks the head, then writes on its own.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="expectedSequence">The head sequence the caller read.</param>
    /// <param name="documents">The documents.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><c>false</c> when the ledger is missing or its head moved meanwhile (nothing is written).</returns>
    async Task<bool> PutDocumentsAtHeadAsync(LedgerId ledger, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if ((await GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false))?.Head.Sequence != expectedSequence)
        {
            return false;
        }

        await PutDocumentsAsync(ledger, documents, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Moves the period lock forward and writes documents with it (the record of the close), in one
    /// transaction, if the lock is still where the caller saw it and the head is still at
    /// <paramref name="expectedSequence"/>. Stores override the default, which moves the lock, then writes the
    /// documents on their own, and does not check the head.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="expectedClosedThrough">The lock the caller read.</param>
    /// <param name="closedThrough">The new lock: the last date of the period being closed.</param>
    /// <param name="expectedSequence">The head sequence the caller read.</param>
    /// <param name="documents">The documents to write with the lock.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><c>false</c> when the ledger is missing, or its lock or head moved meanwhile (nothing is written).</returns>
    async Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (!await ClosePeriodAsync(ledger, expectedClosedThrough, closedThrough, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (documents.Count > 0)
        {
            await PutDocumentsAsync(ledger, documents, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
