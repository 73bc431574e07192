using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>
/// The <see cref="IEconomyStore"/> kept as JSON documents in the <see cref="ILedgerStore"/> itself, so that a
/// command's records are written in the same transaction as its journals, on every store (in memory, SQLite,
/// PostgreSQL).
/// </summary>
public sealed class LedgerEconomyStore : IEconomyStore
{

    private readonly IRecordStore _store;

    /// <summary>Creates the store over a ledger store.</summary>
    /// <param name="store">The store that keeps the records (a ledger store: they are written with their journals).</param>
    public LedgerEconomyStore(IRecordStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public async Task<IReadOnlyList<ServicePackage>> GetPackageVersionsAsync(LedgerId ledger, string packageId, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, EconomyRecords.Package.Kind, packageId, cancellationToken).ConfigureAwait(false)).Select(EconomyRecords.Package.ReadShared).OrderBy(p => p.Version)];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ServicePackage>> ListPackagesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, EconomyRecords.Package.Kind, null, cancellationToken).ConfigureAwait(false))
            .Select(EconomyRecords.Package.ReadShared)
            .GroupBy(p => p.Id)
            .Select(g => g.MaxBy(p => p.Version)!)
            .Where(p => provider is null || p.Provider == provider)
            .OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <inheritdoc />
    public async Task<IReadOnlyList<DistributionPolicy>> GetPoliciesAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, EconomyRecords.Policy.Kind, null, cancellationToken).ConfigureAwait(false)).Select(EconomyRecords.Policy.ReadShared).OrderBy(p => p.EffectiveFrom)];

    /// <inheritdoc />
    public async Task<ImmutableArray<long>> GetCarryAsync(LedgerId ledger, EntityId provider, string policyReference, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, EconomyRecords.Carry.Kind, $"{provider}/{policyReference}", cancellationToken).ConfigureAwait(false) is { } document
            ? EconomyRecords.Carry.Read(document)
            : [];

    /// <inheritdoc />
    public async Task<SaleRecord?> GetSaleAsync(LedgerId ledger, SaleId sale, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, EconomyRecords.Sale.Kind, sale.ToString(), cancellationToken).ConfigureAwait(false) is { } document ? EconomyRecords.Sale.Read(document) : null;

    /// <inheritdoc />
    public async Task<SaleRecord?> FindSaleByJournalAsync(LedgerId ledger, JournalId journal, CancellationToken cancellationToken = default)
    {
        if (await _store.GetDocumentAsync(ledger, EconomyRecords.SaleByJournal.Kind, journal.ToString(), cancellationToken).ConfigureAwait(false) is { } index)
        {
            // A sale recorded before its journals were found by their metadata.
            return await GetSaleAsync(ledger, EconomyRecords.SaleByJournal.Read(index), cancellationToken).ConfigureAwait(false);
        }

        // Since issue 20 a sale's journals are found by the sale.id their metadata carries, not by a record each.
        return _store is IJournalLog log && await log.GetJournalAsync(ledger, journal, cancellationToken).ConfigureAwait(false) is { } posted
            && SaleRecords.IdOf(posted) is { } sale && await GetSaleAsync(ledger, sale, cancellationToken).ConfigureAwait(false) is { } found
            && SaleRecords.Has(found, journal)
            ? found
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SaleRecord>> ListSalesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, EconomyRecords.Sale.Kind, provider?.Value, cancellationToken).ConfigureAwait(false)).Select(EconomyRecords.Sale.Read)];

    /// <inheritdoc />
    public async Task<IReadOnlyList<SaleRecord>> ListSalesPageAsync(LedgerId ledger, EntityId? provider, SaleId? after, int limit, CancellationToken cancellationToken = default)
    {
        DocumentCursor? cursor = null;
        if (after is { } last)
        {
            if (await _store.GetDocumentAsync(ledger, EconomyRecords.Sale.Kind, last.ToString(), cancellationToken).ConfigureAwait(false) is not { } document
                || (provider is { } owner && document.Owner != owner.Value))
            {
                return [];
            }

            cursor = DocumentCursor.After(document);
        }

        return [.. (await _store.ListDocumentsPageAsync(ledger, EconomyRecords.Sale.Kind, provider?.Value, cursor, limit, cancellationToken).ConfigureAwait(false)).Select(EconomyRecords.Sale.Read)];
    }

    /// <inheritdoc />
    public async Task<SettlementStatement?> GetStatementAsync(LedgerId ledger, string statementId, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, EconomyRecords.Statement.Kind, statementId, cancellationToken).ConfigureAwait(false) is { } document ? EconomyRecords.Statement.Read(document) : null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SettlementStatement>> ListStatementsAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, EconomyRecords.Statement.Kind, provider?.Value, cancellationToken).ConfigureAwait(false)).Select(EconomyRecords.Statement.Read)];

    /// <inheritdoc />
    public Task<LedgerDocument?> GetRecordAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default) =>
        _store.GetDocumentAsync(ledger, kind, key, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerDocument>> ListRecordsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default) =>
        _store.ListDocumentsAsync(ledger, kind, owner, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerDocument>> GetRecordsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        _store.GetDocumentsAsync(ledger, kind, keys, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<LedgerDocument> StreamRecordsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default) =>
        _store.StreamDocumentsAsync(ledger, kind, owner, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<BookPayment>> ListBookPaymentsAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default)
    {
        var payments = new List<BookPayment>();
        var pool = new StringPool();
        await foreach (var document in _store.StreamDocumentsAsync(ledger, EconomyRecords.Sale.Kind, provider?.Value, cancellationToken).ConfigureAwait(false))
        {
            SalePayments.Read(document).AddTo(payments, pool);
        }

        return payments;
    }

    /// <inheritdoc />
    public Task ApplyAsync(LedgerId ledger, EconomyChanges changes, CancellationToken cancellationToken = default) =>
        _store.PutDocumentsAsync(ledger, Encode(changes), cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<LedgerDocument> Encode(EconomyChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var documents = new List<LedgerDocument>();
        foreach (var sale in changes.Sales)
        {
            // No sale-journal record per journal any more: each of the sale's journals names it in its metadata.
            documents.Add(EconomyRecords.Sale.Write(sale.Id.ToString(), sale.Request.Provider.Value, sale.Order, sale));
        }

        foreach (var ((provider, policy), carry) in changes.Carries)
        {
            documents.Add(EconomyRecords.Carry.Write($"{provider}/{policy}", provider.Value, 0, carry));
        }

        documents.AddRange(changes.Statements.Select(s => EconomyRecords.Statement.Write(s.Id, s.Provider.Value, 0, s)));
        documents.AddRange(changes.Packages.Select(p => EconomyRecords.Package.Write(PackageKey(p), p.Id, p.Version, p)));
        documents.AddRange(changes.Policies.Select(p => EconomyRecords.Policy.Write(p.Reference, null, 0, p)));
        documents.AddRange(changes.Records);
        return changes.Matches.IsEmpty ? documents
            : new DocumentsEncodedOnRead<PaymentMatch>(documents, changes.Matches, m => EconomyRecords.PaymentMatch.Write(m.Id, m.Entity.Value, 0, m));
    }

    private static string PackageKey(ServicePackage package) => $"{package.Id}/{package.Version:000000}";
}
