using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>A distribution to post: its journal (none when the provider keeps everything) and its record.</summary>
    private sealed record PlannedDistribution(JournalDraft? Draft, EntityId Provider, DistributionPolicy Policy, LocalDate Date, Money Base, SharePartition Parts, ImmutableArray<long> CarryAfter, long? HubVat)
    {
        /// <summary>The provider's cumulative hub fees with VAT after this one, when it charges one.</summary>
        internal long? HubFeesAfter { get; init; }

        internal DistributionRecord Record(JournalId journal) => new(journal, Date, Base, Parts, Policy.Reference, Policy.Rounding) { CarryAfter = CarryAfter, HubVat = HubVat };
    }

    private async Task<PlannedDistribution> PlanDistributionAsync(LedgerDefinition definition, ProviderAccounts accounts, EntityId provider, DistributionPolicy policy, SaleId sale, LocalDate date, Money baseAmount, CancellationToken ct)
    {
        var ledger = definition.Id;
        var carry = await _store.GetCarryAsync(ledger, provider, policy.Reference, ct).ConfigureAwait(false);
        var weights = new long[policy.Shares.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = policy.Shares[i].BasisPoints;
        }

        var (parts, carryAfter) = CarryForwardAllocator.Allocate(baseAmount.MinorUnits, weights, carry.IsDefaultOrEmpty ? new long[weights.Length] : [.. carry]);
        long PartOf(DistributionParty party)
        {
            for (var i = 0; i < policy.Shares.Length; i++)
            {
                if (policy.Shares[i].Party == party)
                {
                    return parts[i];
                }
            }

            return 0;
        }

        var partition = new SharePartition(PartOf(DistributionParty.Provider), PartOf(DistributionParty.Hub), PartOf(DistributionParty.CommunityFund));
        var agreement = $"policy:{policy.Reference}";
        var lines = new List<LineDraft>();
        var tax = HubFeeTaxOf(definition, provider, policy.Hub);
        var (hubVat, hubFeesAfter) = tax is null ? ((long?)null, (long?)null) : await HubFeeVatAsync(ledger, provider, policy.Hub, tax.Registration, partition.Hub, ct).ConfigureAwait(false);
        if (partition.Hub > 0)
        {
            lines.AddRange(HubFeeLines(new HubFeeLineAccounts(accounts.HubShareExpense, accounts.DueToHub, ProviderAccounts.Hub.Receivable, tax), provider, policy.Hub, partition.Hub, hubVat ?? 0, Side.Debit, agreement));
        }

        if (partition.Fund > 0)
        {
            var fund = Money.FromMinorUnits(partition.Fund, Currency.CNY);
            lines.Add(new LineDraft(provider, accounts.FundShareExpense, Side.Debit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(provider, accounts.DueToFund, Side.Credit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
        }

        var draft = lines.Count == 0 ? null : new JournalDraft(date, JournalKind.Distribution,
            $"Distribution {policy.Reference} of {baseAmount}: provider {Money.FromMinorUnits(partition.Provider, Currency.CNY)}, hub {Money.FromMinorUnits(partition.Hub, Currency.CNY)}, fund {Money.FromMinorUnits(partition.Fund, Currency.CNY)}",
            [.. lines])
        {
            SourceReference = $"sale:{sale}",
            Metadata = JournalMetadata.From(
                ("sale.id", sale.ToString()), ("distribution.policy", policy.Reference), ("distribution.rounding", policy.Rounding.ToString()),
                ("distribution.base", Fen(baseAmount.MinorUnits)),
                ("distribution.parts", $"provider={partition.Provider};hub={partition.Hub};fund={partition.Fund}"),
                ("distribution.carry", string.Join(",", carryAfter.Select(Fen)))),
        };
        if (draft is not null && tax is not null)
        {
            draft = draft with { Metadata = draft.Metadata.SetItem("distribution.hub_vat", Fen(hubVat!.Value)).SetItem("distribution.hub_vat_status", $"{tax.Registration.Kind}@{tax.Registration.RateBasisPoints}bp") };
        }

        return new PlannedDistribution(draft, provider, policy, date, baseAmount, partition, [.. carryAfter], hubVat) { HubFeesAfter = hubFeesAfter };
    }

    private static EconomyChanges Changes(SaleRecord record, PlannedDistribution? distribution) => new()
    {
        Sales = [record],
        Carries = distribution is null
            ? ImmutableDictionary<(EntityId, string), ImmutableArray<long>>.Empty
            : ImmutableDictionary<(EntityId, string), ImmutableArray<long>>.Empty.Add((distribution.Provider, distribution.Policy.Reference), distribution.CarryAfter),
        Records = distribution?.HubFeesAfter is { } fees
            ? [EconomyRecords.HubFees.Write(HubFeesKey(distribution.Provider, distribution.Policy.Hub), distribution.Provider.Value, 0, fees)]
            : [],
    };
}
