using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>
/// Where the community economy keeps its own records beside the journals: package versions, distribution policies,
/// sale records, carried remainders and settlement statements. Every money fact also lives in the journals (with
/// metadata), which remain the source of truth.
/// </summary>
public interface IEconomyStore
{
    /// <summary>Every version of a package, by version.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="packageId">The package id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The versions; empty when unknown.</returns>
    Task<IReadOnlyList<ServicePackage>> GetPackageVersionsAsync(LedgerId ledger, string packageId, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every package, optionally of one provider.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">A provider, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The packages by id.</returns>
    Task<IReadOnlyList<ServicePackage>> ListPackagesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default);

    /// <summary>Every policy version of the ledger, by effective date.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The versions.</returns>
    Task<IReadOnlyList<DistributionPolicy>> GetPoliciesAsync(LedgerId ledger, CancellationToken cancellationToken = default);

    /// <summary>The carried remainders of a provider's distribution stream under one policy version.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="policyReference">The policy reference, <c>id@version</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The carries, or empty when the stream has not started.</returns>
    Task<ImmutableArray<long>> GetCarryAsync(LedgerId ledger, EntityId provider, string policyReference, CancellationToken cancellationToken = default);

    /// <summary>Reads a sale.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="sale">The sale id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sale, or <c>null</c>.</returns>
    Task<SaleRecord?> GetSaleAsync(LedgerId ledger, SaleId sale, CancellationToken cancellationToken = default);

    /// <summary>Finds the sale a journal belongs to (its sale, delivery, distribution or refund journal).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="journal">The journal id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sale, or <c>null</c>.</returns>
    Task<SaleRecord?> FindSaleByJournalAsync(LedgerId ledger, JournalId journal, CancellationToken cancellationToken = default);

    /// <summary>Lists sales in recording order, optionally of one provider.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">A provider, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sales.</returns>
    Task<IReadOnlyList<SaleRecord>> ListSalesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default);

    /// <summary>One page of sales in recording order, optionally of one provider: at most <paramref name="limit"/> of
    /// those recorded after the sale <paramref name="after"/> — read as a page from the store, not as the whole list.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">A provider, or <c>null</c>.</param>
    /// <param name="after">The last sale of the page before, or <c>null</c> for the first page.</param>
    /// <param name="limit">The most sales to read (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page; empty after the last, or when <paramref name="after"/> is not a sale of the list.</returns>
    Task<IReadOnlyList<SaleRecord>> ListSalesPageAsync(LedgerId ledger, EntityId? provider, SaleId? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reads a statement.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="statementId">The statement id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement, or <c>null</c>.</returns>
    Task<SettlementStatement?> GetStatementAsync(LedgerId ledger, string statementId, CancellationToken cancellationToken = default);

    /// <summary>Lists statements, optionally of one provider.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">A provider, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statements.</returns>
    Task<IReadOnlyList<SettlementStatement>> ListStatementsAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default);

    /// <summary>Reads one record of any kind the economy keeps (see <see cref="EconomyRecords"/>).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The record kind.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The record, or <c>null</c>.</returns>
    Task<Storage.LedgerDocument?> GetRecordAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default);

    /// <summary>Lists the records of a kind, optionally of one owner, by order then key.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The record kind.</param>
    /// <param name="owner">An owner (entity id), or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<Storage.LedgerDocument>> ListRecordsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default);

    /// <summary>Reads the records of a kind with the given keys in a few round trips; keys not stored are absent.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The record kind.</param>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The records found, in no particular order.</returns>
    Task<IReadOnlyList<Storage.LedgerDocument>> GetRecordsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Streams the records of a kind, optionally of one owner, by order then key, without holding them all.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The record kind.</param>
    /// <param name="owner">An owner (entity id), or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The records, one at a time.</returns>
    IAsyncEnumerable<Storage.LedgerDocument> StreamRecordsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default);

    /// <summary>The payments and refunds of sales as reconciliation sees them (<see cref="BookPayment"/>), optionally of
    /// one provider, read from the sale records without materialising them whole.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">A provider, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>One item per sale and per refund, in recording order.</returns>
    Task<IReadOnlyList<BookPayment>> ListBookPaymentsAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default);

    /// <summary>The changes as documents, to write in the same transaction as the command's journals.</summary>
    /// <param name="changes">The changes.</param>
    /// <returns>The documents.</returns>
    IReadOnlyList<Storage.LedgerDocument> Encode(EconomyChanges changes);

    /// <summary>Applies the changes of one command together.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    Task ApplyAsync(LedgerId ledger, EconomyChanges changes, CancellationToken cancellationToken = default);
}
