using System.Collections.Immutable;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Audit;

/// <summary>
/// The audit's checks of the sale records, in one pass over them: no party of a distribution stream drifts from its
/// exact share by a fen or more; every revenue recognised in a distributable tier has distribution records of the same
/// base (a record exists even when the hub's and the fund's parts round to zero and no journal was needed); the
/// distribution journals split what the records with a hub or fund part say; and the running totals of hub fees with
/// VAT equal the fees of the distributions they cover (<see cref="HubFeeTotalsCheck"/>). The per-sale comparisons are made by
/// fingerprint (<see cref="SaleFingerprint"/>), so the audit holds nothing per sale; only when a fingerprint disagrees
/// are the journals and records read again and compared sale by sale, to name the sales.
/// </summary>
internal static class SaleDistributionCheck
{
    /// <summary>Runs the checks, adding findings, and folds each sale record into the fund's months too when given.</summary>
    internal static async Task RunAsync(
        ILedgerStore store, IEconomyStore economy, LedgerId ledger, AuditScan scan, FundReceivables.MonthsFold? months, List<AuditFinding> findings, CancellationToken ct)
    {
        var policies = (await economy.GetPoliciesAsync(ledger, ct).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var streams = new Dictionary<(EntityId Provider, string Policy), (int Count, long Base, SharePartition Parts)>();
        var hubFees = new HubFeeTotalsCheck(policies);
        await foreach (var record in SaleDistributions.ReadAllAsync(economy, ledger, null, ct).ConfigureAwait(false))
        {
            DistributionReports.AddToStreams(streams, record, null);
            months?.Add(record);
            hubFees.Add(record);
            var (all, withJournal) = Bases(record);
            scan.Recognitions.AddRight(record.Id.Value, all);
            scan.Splits.AddRight(record.Id.Value, withJournal);
        }

        AddDrift(DistributionReports.Streams(streams, policies), findings);
        await hubFees.CheckAsync(economy, ledger, findings, ct).ConfigureAwait(false);
        if (!scan.Recognitions.Agrees || !scan.Splits.Agrees || scan.SaleIdsUnreadable)
        {
            await CompareSaleBySaleAsync(store, economy, ledger, [.. policies.Values], findings, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A record's base over all its distributions, and over those with a hub or fund part (those have a journal).</summary>
    private static (long All, long WithJournal) Bases(SaleDistributions record)
    {
        long all = 0, withJournal = 0;
        foreach (var distribution in record.Distributions)
        {
            all = checked(all + distribution.Base.MinorUnits);
            if (distribution.Parts.Hub > 0 || distribution.Parts.Fund > 0)
            {
                withJournal = checked(withJournal + distribution.Base.MinorUnits);
            }
        }

        return (all, withJournal);
    }

    private static void AddDrift(ImmutableArray<FairnessStream> streams, List<AuditFinding> findings)
    {
        foreach (var stream in streams)
        {
            foreach (var line in stream.Lines.Where(l => !l.WithinOneFen))
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.DistributionDrift,
                    $"{stream.Provider} under {stream.PolicyReference}: {line.Party} was paid {line.Paid}, {line.Drift:0.0000} from its exact share.") { Entity = stream.Provider });
            }
        }
    }

    /// <summary>The exact comparison, sale by sale, keyed by the sale's id as the journals write it: read when the
    /// fingerprints disagree, so only books with something to report pay for it.</summary>
    private static async Task CompareSaleBySaleAsync(
        ILedgerStore store, IEconomyStore economy, LedgerId ledger, IReadOnlyList<DistributionPolicy> policies, List<AuditFinding> findings, CancellationToken ct)
    {
        var facts = new SaleJournalFacts(policies);
        var recognised = new Dictionary<string, (long Base, long Sequence, EntityId Provider)>(StringComparer.Ordinal);
        var split = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: ct).ConfigureAwait(false))
        {
            if (facts.Read(journal) is not { } fact)
            {
                continue;
            }

            if (fact.Kind == SaleJournalFacts.FactKind.Split)
            {
                split[fact.Sale] = checked(split.GetValueOrDefault(fact.Sale) + fact.Base);
            }
            else
            {
                var (sum, first, provider) = recognised.GetValueOrDefault(fact.Sale, (0, journal.Sequence, journal.Lines[0].Entity));
                recognised[fact.Sale] = (checked(sum + fact.Base), first, provider);
            }
        }

        var recorded = new Dictionary<string, (long All, long WithJournal)>(StringComparer.Ordinal);
        await foreach (var record in SaleDistributions.ReadAllAsync(economy, ledger, null, ct).ConfigureAwait(false))
        {
            recorded[record.Id.ToString()] = Bases(record);
        }

        AddMissing(recognised, recorded, findings);
        AddMismatched(split, recorded, findings);
    }

    private static void AddMissing(Dictionary<string, (long Base, long Sequence, EntityId Provider)> recognised, Dictionary<string, (long All, long WithJournal)> recorded, List<AuditFinding> findings)
    {
        foreach (var (sale, (expected, sequence, provider)) in recognised)
        {
            var actual = recorded.GetValueOrDefault(sale).All;
            if (expected != actual)
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.DistributionMissing,
                    $"Sale {sale} recognised {Money.FromMinorUnits(expected, Currency.CNY)} of distributable revenue, but {Money.FromMinorUnits(actual, Currency.CNY)} was distributed.")
                {
                    Sequence = sequence, Entity = provider,
                });
            }
        }
    }

    private static void AddMismatched(Dictionary<string, long> split, Dictionary<string, (long All, long WithJournal)> recorded, List<AuditFinding> findings)
    {
        foreach (var sale in split.Keys.Union(recorded.Where(r => r.Value.WithJournal != 0).Select(r => r.Key)).Order(StringComparer.Ordinal))
        {
            var inJournals = split.GetValueOrDefault(sale);
            var inRecords = recorded.GetValueOrDefault(sale).WithJournal;
            if (inJournals != inRecords)
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.DistributionRecordMismatch,
                    $"Sale {sale}: the distribution journals split {Money.FromMinorUnits(inJournals, Currency.CNY)}, but its records say {Money.FromMinorUnits(inRecords, Currency.CNY)}."));
            }
        }
    }
}
