using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Audit;

/// <summary>
/// The audit's check of the running totals of hub fees (<see cref="EconomyRecords.HubFees"/>, ADR 0022 and 0036): each
/// total a provider and a VAT-registered hub keep equals the hub fees of the provider's distributions that carried hub
/// VAT under that hub's policies — the sum the next fee would make without it. The fees are folded in the audit's one
/// pass over the sale records (<see cref="Add"/>); the totals, one per provider and hub, are read after it.
/// </summary>
/// <remarks>A pair with fees but no total is not a finding: books written before the total existed have none until the
/// next fee, and that fee sums the sale records exactly as the total would have (a lost total costs one such sum, never a
/// fen of VAT). A wrong total does: the next fee's VAT is computed on it.</remarks>
/// <param name="policies">The ledger's distribution policies, by reference.</param>
internal sealed class HubFeeTotalsCheck(IReadOnlyDictionary<string, DistributionPolicy> policies)
{
    private readonly Dictionary<string, EntityId> _hubs = policies.ToDictionary(p => p.Key, p => p.Value.Hub, StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fees = new(StringComparer.Ordinal);

    /// <summary>Folds one sale record's hub fees with VAT into its provider's pairs.</summary>
    internal void Add(SaleDistributions sale)
    {
        foreach (var (hub, fee) in CommunityEconomy.HubFeesWithVat(sale, _hubs))
        {
            var key = CommunityEconomy.HubFeesKey(sale.Request.Provider, hub);
            _fees[key] = checked(_fees.GetValueOrDefault(key) + fee);
        }
    }

    /// <summary>Reads every running total and adds a finding for each that differs from the fees folded.</summary>
    internal async Task CheckAsync(IEconomyStore economy, LedgerId ledger, List<AuditFinding> findings, CancellationToken ct)
    {
        await foreach (var document in economy.StreamRecordsAsync(ledger, EconomyRecords.HubFees.Kind, null, ct).ConfigureAwait(false))
        {
            var total = EconomyRecords.HubFees.Read(document);
            var fees = _fees.GetValueOrDefault(document.Key);
            if (total == fees)
            {
                continue;
            }

            var (provider, hub) = CommunityEconomy.HubFeesPair(document.Key);
            findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.HubFeesTotalMismatch,
                $"{provider}'s running total of the hub fees {hub} charged with VAT (record hub-fees/{document.Key}) is {Money.FromMinorUnits(total, Currency.CNY)}, " +
                $"but its distributions charged {Money.FromMinorUnits(fees, Currency.CNY)}: the next fee's VAT would be computed on the wrong total.")
            {
                Entity = EntityId.TryFrom(provider, out var entity) ? entity : (EntityId?)null,
            });
        }
    }
}
