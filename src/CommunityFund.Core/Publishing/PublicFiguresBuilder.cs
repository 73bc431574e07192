using System.Collections.Immutable;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Publishing;

/// <summary>Builds a month's <see cref="PublicFigures"/> from the fund's journal lines of the month (reversals included,
/// as negative amounts), its restrictions at the month's end and the agreements in force.</summary>
internal static class PublicFiguresBuilder
{
    private const string FundShareRestriction = "community-fund-share";

    internal static async Task<PublicFigures> BuildAsync(ILedgerStore store, CommunityAgreements agreements, LedgerDefinition definition, EntityId fund, YearMonth period, CancellationToken ct)
    {
        var (first, last) = (period.OnDayOfMonth(1), period.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1));
        var chart = definition.FindEntity(fund)!.Chart;
        var tally = new Tally();
        // A reversal is shown as what it reverses (a donation, a grant), negative: the fund's journals are kept by id.
        var fundJournals = new Dictionary<JournalId, Journal>();
        await foreach (var journal in store.StreamJournalsAsync(definition.Id, cancellationToken: ct).ConfigureAwait(false))
        {
            if (journal.AccountingDate >= first && journal.AccountingDate <= last)
            {
                tally.AddFlow(journal, definition);
            }

            if (!journal.Lines.Any(l => l.Entity == fund))
            {
                continue;
            }

            fundJournals[journal.Id] = journal;
            if (journal.AccountingDate >= first && journal.AccountingDate <= last && journal.Kind != JournalKind.PeriodClose)
            {
                tally.Add(journal, journal.ReversalOf is { } reversed ? fundJournals.GetValueOrDefault(reversed) ?? journal : journal, fund, chart);
            }
        }

        var restrictions = await RestrictionBalances.ComputeAsync(store, definition.Id, fund, last, ct).ConfigureAwait(false);
        var inForce = new List<PublicAgreement>();
        foreach (var agreement in await agreements.ListAsync(definition.Id, cancellationToken: ct).ConfigureAwait(false))
        {
            if (agreement.Status != AgreementStatus.Draft && agreement.Start <= last && agreement.LastDay >= first
                && await agreements.ObligationStatusAsync(definition.Id, agreement.Id, last, ct).ConfigureAwait(false) is { } status)
            {
                inForce.Add(Public(agreement, [.. status.Months.Where(m => m.From <= last && m.To >= first)]));
            }
        }

        return new PublicFigures(fund, period, tally.Shares(), [.. tally.Donations], tally.SelfFinancing(), [.. tally.Grants], restrictions, [.. inForce])
        {
            ProviderFlows = tally.Flows(),
            Organisations = definition.Entities.Values.ToImmutableSortedDictionary(e => e.Id.Value, e => e.Name, StringComparer.Ordinal),
        };
    }

    private static PublicAgreement Public(ServiceAgreement agreement, ImmutableArray<ObligationLine> months)
    {
        if (agreement.Lease is { } lease)
        {
            var monthlyFair = Money.FromMinorUnits(lease.FairRent.Amount.MinorUnits / agreement.MonthsPerCharge, Currency.CNY);
            var monthlyNominal = Money.FromMinorUnits(lease.NominalRent.MinorUnits / agreement.MonthsPerCharge, Currency.CNY);
            return new PublicAgreement(agreement.Id, agreement.Kind, agreement.Operator, lease.Space.Name, lease.NominalRent, monthlyFair - monthlyNominal, months);
        }

        var swap = agreement.Swap!;
        return new PublicAgreement(agreement.Id, agreement.Kind, agreement.Operator, string.Join("; ", swap.Resources.Select(r => r.Description)),
            Money.Zero(Currency.CNY), swap.MonthlyResourceValue, months);
    }

    /// <summary>The month's fund lines, by what the public is shown.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<string, long> _shares = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _selfFinancing = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, (long Base, long Provider, long Hub, long Fund)> _flows = new(StringComparer.Ordinal);

        internal List<PublicDonation> Donations { get; } = [];

        internal List<PublicGrant> Grants { get; } = [];

        /// <summary>Adds a journal's fund lines; <paramref name="source"/> is the journal itself, or for a reversal the
        /// journal it reverses (whose kind and metadata say what the lines were).</summary>
        internal void Add(Journal journal, Journal source, EntityId fund, ChartOfAccounts chart)
        {
            foreach (var line in journal.Lines.Where(l => l.Entity == fund && l.Amount.Currency == Currency.CNY && !l.Account.IsMemo))
            {
                var type = chart.Find(line.Account)?.Type;
                if (type == AccountType.Revenue)
                {
                    AddRevenue(journal.AccountingDate, source, line, -line.SignedMinorUnits);
                }
                else if (type == AccountType.Expense && source.Kind == JournalKind.Grant)
                {
                    var project = line.Dimensions.GetValueOrDefault(DimensionNames.Programme, "-");
                    Grants.Add(new PublicGrant(journal.AccountingDate, project, Purpose(source), Cny(line.SignedMinorUnits)));
                }
            }
        }

        /// <summary>Adds a distribution (its base and parts) or a refund (what it reversed) to its provider's flow, from the
        /// figures the journal carries in its metadata.</summary>
        internal void AddFlow(Journal journal, LedgerDefinition definition)
        {
            var (baseKey, partsKey, sign) = journal.Kind switch
            {
                JournalKind.Distribution => ("distribution.base", "distribution.parts", 1),
                JournalKind.Refund => ("refund.base", "refund.reversed", -1),
                _ => (null, null, 0),
            };
            if (sign == 0 || !journal.Metadata.TryGetValue(partsKey!, out var parts)
                || journal.Lines.Select(l => definition.FindEntity(l.Entity)).FirstOrDefault(e => e?.Kind == EntityKind.Provider) is not { } provider)
            {
                return;
            }

            var split = parts.Split(';').Select(p => p.Split('=')).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => long.TryParse(p[1], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var fen) ? fen : 0L, StringComparer.Ordinal);
            var (provided, hub, fund) = (split.GetValueOrDefault("provider"), split.GetValueOrDefault("hub"), split.GetValueOrDefault("fund"));
            var paid = long.TryParse(journal.Metadata.GetValueOrDefault(baseKey!), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : provided + hub + fund;
            var flow = _flows.GetValueOrDefault(provider.Id.Value);
            _flows[provider.Id.Value] = (flow.Base + (sign * paid), flow.Provider + (sign * provided), flow.Hub + (sign * hub), flow.Fund + (sign * fund));
        }

        internal ImmutableArray<ProviderFlow> Flows() =>
            [.. _flows.Select(f => new ProviderFlow(EntityId.From(f.Key), Cny(f.Value.Base), Cny(f.Value.Provider), Cny(f.Value.Hub), Cny(f.Value.Fund)))];

        internal ImmutableArray<SourceAmount> Shares() => [.. _shares.Select(s => new SourceAmount(s.Key, Cny(s.Value)))];

        internal ImmutableArray<SourceAmount> SelfFinancing() => [.. _selfFinancing.Select(s => new SourceAmount(s.Key, Cny(s.Value)))];

        private void AddRevenue(LocalDate date, Journal journal, JournalLine line, long credit)
        {
            if (line.Dimensions.GetValueOrDefault(DimensionNames.Restriction) == FundShareRestriction)
            {
                var provider = line.Dimensions.GetValueOrDefault(DimensionNames.Counterparty, "-");
                _shares[provider] = _shares.GetValueOrDefault(provider) + credit;
            }
            else if (journal.Metadata.ContainsKey("donation.donor"))
            {
                var named = journal.Metadata.GetValueOrDefault("donation.donor_public") == "true" ? journal.Metadata["donation.donor"] : null;
                Donations.Add(new PublicDonation(date, named, Cny(credit), line.Dimensions.GetValueOrDefault(DimensionNames.Restriction)));
            }
            else if (journal.Metadata.GetValueOrDefault("self_financing.source") is { } source)
            {
                _selfFinancing[source] = _selfFinancing.GetValueOrDefault(source) + credit;
            }
        }

        /// <summary>A grant's purpose: recorded with it, or (grants recorded before it was) the memo after the project.</summary>
        private static string Purpose(Journal journal) =>
            journal.Metadata.GetValueOrDefault("grant.purpose")
            ?? (journal.Memo.IndexOf("': ", StringComparison.Ordinal) is var at and >= 0 ? journal.Memo[(at + 3)..] : journal.Memo);

        private static Money Cny(long minor) => Money.FromMinorUnits(minor, Currency.CNY);
    }
}
