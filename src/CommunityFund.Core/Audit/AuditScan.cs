using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Reports;
using NodaTime;

namespace CommunityFund.Audit;

/// <summary>
/// What the audit reads from the journals, folded from the one pass the integrity check makes over them (the audit
/// used to read the whole ledger eight times): cash moved without a cash-flow item, the hashes of kept checkpoints,
/// distributable revenue recognised and the bases the distribution journals split, agency balances per beneficiary,
/// the last accounting date, and the due-to/due-from, restriction and fund-payable folds of the reports the audit checks.
/// </summary>
internal sealed class AuditScan(LedgerDefinition definition, IReadOnlyList<DistributionPolicy> policies, LocalDate? asOf, HashSet<long> wanted)
{
    private readonly Dictionary<string, string> _tiers = new(StringComparer.Ordinal);

    internal SortedDictionary<string, (int Journals, long Net, long First)> Unclassified { get; } = new(StringComparer.Ordinal);

    internal Dictionary<long, string> Seen { get; } = [];

    internal List<Recognition> Recognised { get; } = [];

    internal Dictionary<string, long> Journalled { get; } = new(StringComparer.Ordinal);

    internal Dictionary<(EntityId Entity, string Beneficiary), long> Agency { get; } = [];

    internal LocalDate? LastDate { get; private set; }

    internal DueToDueFromFold DueToDueFrom { get; } = new(definition, null);

    internal RestrictionBalances.Fold Restrictions { get; } = new(definition, null, null);

    /// <summary>The provider payables as of the date the audit ages to (everything posted when that is the last date).</summary>
    internal FundPayablesFold FundPayables { get; } = new(definition, asOf, null);

    /// <summary>Folds one journal into every check.</summary>
    internal void Add(Journal journal)
    {
        CountUnclassified(journal);
        if (wanted.Contains(journal.Sequence))
        {
            Seen[journal.Sequence] = journal.Hash;
        }

        if (LastDate is null || journal.AccountingDate > LastDate)
        {
            LastDate = journal.AccountingDate;
        }

        AddSale(journal);
        foreach (var line in journal.Lines)
        {
            if (line.Account.Value is "1701" or "2601")
            {
                var key = (line.Entity, line.Dimensions.TryGetValue(DimensionNames.Member, out var who) ? who : "-");
                Agency[key] = checked(Agency.GetValueOrDefault(key) + line.SignedMinorUnits);
            }
        }

        DueToDueFrom.Add(journal);
        Restrictions.Add(journal);
        FundPayables.Add(journal);
    }

    /// <summary>Counts, per entity, the journals that moved cash on lines naming no cash-flow item (a transfer between
    /// cash accounts nets to zero and is not counted).</summary>
    private void CountUnclassified(Journal journal)
    {
        foreach (var (entity, amount) in CashFlows.Unclassified(journal))
        {
            var (journals, net, first) = Unclassified.GetValueOrDefault(entity.Value, (0, 0, journal.Sequence));
            Unclassified[entity.Value] = (journals + 1, checked(net + amount.MinorUnits), first);
        }
    }

    /// <summary>A journal of a sale: each distributable revenue recognised (at a sale that is not prepaid, or at a
    /// delivery), and the base each sale's distribution journals split.</summary>
    private void AddSale(Journal journal)
    {
        if (!journal.Metadata.TryGetValue("sale.id", out var sale))
        {
            return;
        }

        var provider = journal.Lines[0].Entity;
        if (journal.Kind == JournalKind.Sale)
        {
            _tiers[sale] = journal.Metadata.GetValueOrDefault("sale.tier", "paid");
            if (journal.Metadata.GetValueOrDefault("sale.prepaid") == "false" && IsDistributable(journal.AccountingDate, _tiers[sale]))
            {
                Recognised.Add(new Recognition(sale, Fen(journal, "sale.amount") - Fen(journal, "sale.vat"), journal.Sequence, provider));
            }
        }
        else if (journal.Kind == JournalKind.Delivery && Fen(journal, "delivery.base", Fen(journal, "delivery.recognised")) > 0)
        {
            if (IsDistributable(journal.AccountingDate, _tiers.GetValueOrDefault(sale, "paid")))
            {
                Recognised.Add(new Recognition(sale, Fen(journal, "delivery.base", Fen(journal, "delivery.recognised")), journal.Sequence, provider));
            }
        }
        else if (journal.Kind == JournalKind.Distribution)
        {
            Journalled[sale] = checked(Journalled.GetValueOrDefault(sale) + Fen(journal, "distribution.base"));
        }
    }

    /// <summary>Whether the policy in force on a date distributes revenue of a tier; no policy distributes nothing.</summary>
    private bool IsDistributable(LocalDate date, string tier) =>
        policies.FirstOrDefault(p => p.AppliesOn(date)) is { } policy && policy.DistributableTiers.Any(t => CommunityEconomy.TierName(t) == tier);

    private static long Fen(Journal journal, string key, long absent = 0) =>
        journal.Metadata.TryGetValue(key, out var value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fen) ? fen : absent;

    /// <summary>Revenue of a sale recognised in a distributable tier by one journal, in fen.</summary>
    internal sealed record Recognition(string Sale, long Base, long Sequence, EntityId Provider);
}
