using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Economy;

/// <summary>A thread-safe <see cref="IEconomyStore"/> in memory.</summary>
public sealed class InMemoryEconomyStore : IEconomyStore
{
    private readonly Lock _sync = new();
    private readonly Dictionary<LedgerId, State> _ledgers = [];

    /// <inheritdoc />
    public Task<IReadOnlyList<ServicePackage>> GetPackageVersionsAsync(LedgerId ledger, string packageId, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<ServicePackage>>(ledger, s => s.Packages.TryGetValue(packageId, out var versions) ? [.. versions] : []);

    /// <inheritdoc />
    public Task<IReadOnlyList<ServicePackage>> ListPackagesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<ServicePackage>>(ledger, s => [.. s.Packages.Values.Select(v => v[^1]).Where(p => provider is null || p.Provider == provider).OrderBy(p => p.Id, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task<bool> AddPackageVersionAsync(LedgerId ledger, ServicePackage package, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        return Read(ledger, s =>
        {
            if (!s.Packages.TryGetValue(package.Id, out var versions))
            {
                versions = [];
                s.Packages.Add(package.Id, versions);
            }

            if (versions.Count + 1 != package.Version)
            {
                return false;
            }

            versions.Add(package);
            return true;
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DistributionPolicy>> GetPoliciesAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<DistributionPolicy>>(ledger, s => [.. s.Policies.OrderBy(p => p.EffectiveFrom)]);

    /// <inheritdoc />
    public Task AddPolicyAsync(LedgerId ledger, DistributionPolicy policy, DistributionPolicy? ended, CancellationToken cancellationToken = default) =>
        Read(ledger, s =>
        {
            if (ended is not null)
            {
                s.Policies.RemoveAll(p => p.Id == ended.Id && p.Version == ended.Version);
                s.Policies.Add(ended);
            }

            s.Policies.Add(policy);
            return true;
        });

    /// <inheritdoc />
    public Task<ImmutableArray<long>> GetCarryAsync(LedgerId ledger, EntityId provider, string policyReference, CancellationToken cancellationToken = default) =>
        Read(ledger, s => s.Carries.TryGetValue((provider, policyReference), out var carry) ? carry : []);

    /// <inheritdoc />
    public Task<SaleRecord?> GetSaleAsync(LedgerId ledger, SaleId sale, CancellationToken cancellationToken = default) =>
        Read(ledger, s => s.Sales.GetValueOrDefault(sale));

    /// <inheritdoc />
    public Task<SaleRecord?> FindSaleByJournalAsync(LedgerId ledger, JournalId journal, CancellationToken cancellationToken = default) =>
        Read(ledger, s => s.SaleByJournal.TryGetValue(journal, out var sale) ? s.Sales[sale] : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<SaleRecord>> ListSalesAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SaleRecord>>(ledger, s => [.. s.SaleOrder.Select(id => s.Sales[id]).Where(r => provider is null || r.Request.Provider == provider)]);

    /// <inheritdoc />
    public Task<SettlementStatement?> GetStatementAsync(LedgerId ledger, string statementId, CancellationToken cancellationToken = default) =>
        Read(ledger, s => s.Statements.GetValueOrDefault(statementId));

    /// <inheritdoc />
    public Task<IReadOnlyList<SettlementStatement>> ListStatementsAsync(LedgerId ledger, EntityId? provider, CancellationToken cancellationToken = default) =>
        Read<IReadOnlyList<SettlementStatement>>(ledger, s => [.. s.Statements.Values.Where(st => provider is null || st.Provider == provider).OrderBy(st => st.Id, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public Task ApplyAsync(LedgerId ledger, EconomyChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return Read(ledger, s =>
        {
            foreach (var sale in changes.Sales)
            {
                if (!s.Sales.ContainsKey(sale.Id))
                {
                    s.SaleOrder.Add(sale.Id);
                }

                s.Sales[sale.Id] = sale;
                s.SaleByJournal[sale.Journal] = sale.Id;
                foreach (var journal in sale.Distributions.Select(d => d.Journal).Concat(sale.Refunds.Select(r => r.Journal)).Concat(sale.Deliveries))
                {
                    s.SaleByJournal[journal] = sale.Id;
                }
            }

            foreach (var (key, carry) in changes.Carries)
            {
                s.Carries[key] = carry;
            }

            foreach (var statement in changes.Statements)
            {
                s.Statements[statement.Id] = statement;
            }

            return true;
        });
    }

    private Task<T> Read<T>(LedgerId ledger, Func<State, T> read)
    {
        lock (_sync)
        {
            if (!_ledgers.TryGetValue(ledger, out var state))
            {
                state = new State();
                _ledgers.Add(ledger, state);
            }

            return Task.FromResult(read(state));
        }
    }

    private sealed class State
    {
        internal Dictionary<string, List<ServicePackage>> Packages { get; } = new(StringComparer.Ordinal);

        internal List<DistributionPolicy> Policies { get; } = [];

        internal Dictionary<(EntityId, string), ImmutableArray<long>> Carries { get; } = [];

        internal Dictionary<SaleId, SaleRecord> Sales { get; } = [];

        internal List<SaleId> SaleOrder { get; } = [];

        internal Dictionary<JournalId, SaleId> SaleByJournal { get; } = [];

        internal Dictionary<string, SettlementStatement> Statements { get; } = new(StringComparer.Ordinal);
    }
}
