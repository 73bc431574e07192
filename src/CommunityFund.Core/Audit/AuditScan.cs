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
    private readonly SaleJournalFacts _facts = new(policies);

    internal SortedDictionary<string, (int Journals, long Net, long First)> Unclassified { get; } = new(StringComparer.Ordinal);

    internal Dictionary<long, string> Seen { get; } = [];

    /// <summary>Per sale, the distributable revenue the journals recognised (left) against the base of its distribution
    /// records (right, added by <see cref="SaleDistributionCheck"/>).</summary>
    internal SaleFingerprint Recognitions { get; } = new();

    /// <summary>Per sale, the base its distribution journals split (left) against that of its records with a hub or fund
    /// part (right).</summary>
    internal SaleFingerprint Splits { get; } = new();

    /// <summary>Whether a journal named its sale other than by its id's usual text.</summary>
    internal bool SaleIdsUnreadable { get; private set; }

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

    /// <summary>A journal of a sale: the revenue it recognised in a distributable tier, or the base its distribution
    /// split, into the fingerprints the sale records are compared against.</summary>
    private void AddSale(Journal journal)
    {
        if (_facts.Read(journal) is not { } fact)
        {
            return;
        }

        // The fingerprints key sales by their GUID; an id written otherwise (only tampering could) is compared exactly.
        if (!Guid.TryParseExact(fact.Sale, "D", out var sale) || fact.Sale.AsSpan().ContainsAnyInRange('A', 'F'))
        {
            SaleIdsUnreadable = true;
            return;
        }

        (fact.Kind == SaleJournalFacts.FactKind.Recognised ? Recognitions : Splits).AddLeft(sale, fact.Base);
    }
}
