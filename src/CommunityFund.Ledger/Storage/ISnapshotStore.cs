using CommunityFund.Ledger;

namespace CommunityFund.Storage;

/// <summary>
/// A store that reads a ledger as of one moment: every read through a snapshot sees the books as they were when it
/// was opened, however much is appended meanwhile. The reads that compare one part of the books with another (the
/// integrity check's journals with the maintained balances, the audit's journals with the sale records) go through
/// one; otherwise, on books being written, they compare two different moments and report differences that are not
/// there.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Opens a snapshot of a ledger's books.</summary>
    /// <param name="ledger">The ledger (a store may isolate the reads of this ledger only).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The snapshot; dispose it to release what it holds (on a database, a connection in a read
    /// transaction, which also keeps the database from reclaiming what was overwritten since).</returns>
    Task<LedgerSnapshot> OpenSnapshotAsync(LedgerId ledger, CancellationToken cancellationToken = default);
}
