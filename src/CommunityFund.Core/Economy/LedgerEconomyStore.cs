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
    private const string PackageKind = "package";
    private const string PolicyKind = "policy";
    private const string CarryKind = "carry";
    private const string SaleKind = "sale";
    private const string SaleByJournalKind = "sale-journal";
    private const string StatementKind = "statement";

    private readonly ILedgerStore _store;

    /// <summary>Creates the store over a ledger store.</summary>
    /// <param name="store">The ledger store that keeps the documents.</param>
    public LedgerEconomyStore(ILedgerStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public async Task<IReadOnlyList<ServicePackage>> GetPackageVersionsAsync(LedgerId ledger, string packageId, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, PackageKind, packageId, cancellationToken).ConfigureAwait(false)).Select(DocumentJson.ReadShared<ServicePackage>).OrderBy(p => p.Version)];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ServicePackage>> ListPackagesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, PackageKind, null, cancellationToken).ConfigureAwait(false))
            .Select(DocumentJson.ReadShared<ServicePackage>)
            .GroupBy(p => p.Id)
            .Select(g => g.MaxBy(p => p.Version)!)
            .Where(p => provider is null || p.Provider == provider)
            .OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <inheritdoc />
    public async Task<bool> AddPackageVersionAsync(LedgerId ledger, ServicePackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        var key = PackageKey(package);
        if (await _store.GetDocumentAsync(ledger, PackageKind, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await _store.PutDocumentsAsync(ledger, [DocumentJson.Document(PackageKind, key, package.Id, package.Version, package)], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DistributionPolicy>> GetPoliciesAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, PolicyKind, null, cancellationToken).ConfigureAwait(false)).Select(DocumentJson.ReadShared<DistributionPolicy>).OrderBy(p => p.EffectiveFrom)];

    /// <inheritdoc />
    public Task AddPolicyAsync(LedgerId ledger, DistributionPolicy policy, DistributionPolicy? ended, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var documents = new[] { ended, policy }.OfType<DistributionPolicy>().Select(p => DocumentJson.Document(PolicyKind, p.Reference, null, 0, p)).ToList();
        return _store.PutDocumentsAsync(ledger, documents, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ImmutableArray<long>> GetCarryAsync(LedgerId ledger, EntityId provider, string policyReference, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, CarryKind, $"{provider}/{policyReference}", cancellationToken).ConfigureAwait(false) is { } document
            ? DocumentJson.Read<ImmutableArray<long>>(document)
            : [];

    /// <inheritdoc />
    public async Task<SaleRecord?> GetSaleAsync(LedgerId ledger, SaleId sale, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, SaleKind, sale.ToString(), cancellationToken).ConfigureAwait(false) is { } document ? DocumentJson.Read<SaleRecord>(document) : null;

    /// <inheritdoc />
    public async Task<SaleRecord?> FindSaleByJournalAsync(LedgerId ledger, JournalId journal, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, SaleByJournalKind, journal.ToString(), cancellationToken).ConfigureAwait(false) is { } index
            ? await GetSaleAsync(ledger, DocumentJson.Read<SaleId>(index), cancellationToken).ConfigureAwait(false)
            : null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SaleRecord>> ListSalesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, SaleKind, provider?.Value, cancellationToken).ConfigureAwait(false)).Select(DocumentJson.Read<SaleRecord>)];

    /// <inheritdoc />
    public async Task<SettlementStatement?> GetStatementAsync(LedgerId ledger, string statementId, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, StatementKind, statementId, cancellationToken).ConfigureAwait(false) is { } document ? DocumentJson.Read<SettlementStatement>(document) : null;

    /// <inheritdoc />
    public async Task<IReadOnlyList<SettlementStatement>> ListStatementsAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, StatementKind, provider?.Value, cancellationToken).ConfigureAwait(false)).Select(DocumentJson.Read<SettlementStatement>)];

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
            documents.Add(DocumentJson.Document(SaleKind, sale.Id.ToString(), sale.Request.Provider.Value, sale.Order, sale));
            foreach (var journal in sale.Distributions.Select(d => d.Journal).Concat(sale.Refunds.Select(r => r.Journal)).Concat(sale.Deliveries).Append(sale.Journal).Distinct())
            {
                documents.Add(DocumentJson.Document(SaleByJournalKind, journal.ToString(), null, 0, sale.Id));
            }
        }

        foreach (var ((provider, policy), carry) in changes.Carries)
        {
            documents.Add(DocumentJson.Document(CarryKind, $"{provider}/{policy}", provider.Value, 0, carry));
        }

        documents.AddRange(changes.Statements.Select(s => DocumentJson.Document(StatementKind, s.Id, s.Provider.Value, 0, s)));
        documents.AddRange(changes.Packages.Select(p => DocumentJson.Document(PackageKind, PackageKey(p), p.Id, p.Version, p)));
        documents.AddRange(changes.Policies.Select(p => DocumentJson.Document(PolicyKind, p.Reference, null, 0, p)));
        return documents;
    }


    private static string PackageKey(ServicePackage package) => $"{package.Id}/{package.Version:000000}";
}
