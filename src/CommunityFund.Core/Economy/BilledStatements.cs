using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>
/// Which statement billed a share of a distribution journal (ADR 0036): the index <see cref="EconomyRecords.BilledOn"/>,
/// written with each statement prepared, read for the journals asked only. A provider whose statements are not all in it
/// yet (books written before it; <see cref="EconomyRecords.BilledOnIndexed"/> absent) has its statements listed, as
/// before. The answer is the same either way: for each journal and party, the statement with an item billing a share
/// of that journal (at most one: a statement takes no journal another statement to the same counterparty billed).
/// </summary>
internal static class BilledStatements
{
    private static readonly DistributionParty[] Parties = [DistributionParty.Hub, DistributionParty.CommunityFund];

    /// <summary>The index records of a newly prepared statement, in the same write as the statement: one per item billing
    /// a share; and, when the provider's statements are not all indexed yet (books written before the index), those of
    /// its earlier statements too and the mark that they now all are.</summary>
    internal static async Task<IReadOnlyList<LedgerDocument>> IndexAsync(IEconomyStore store, LedgerId ledger, SettlementStatement statement, CancellationToken ct)
    {
        var provider = statement.Provider;
        var documents = Index(statement).ToList();
        if (await store.GetRecordAsync(ledger, EconomyRecords.BilledOnIndexed.Kind, provider.Value, ct).ConfigureAwait(false) is null)
        {
            foreach (var earlier in await store.ListStatementsAsync(ledger, provider, ct).ConfigureAwait(false))
            {
                documents.AddRange(Index(earlier));
            }

            documents.Add(EconomyRecords.BilledOnIndexed.Write(provider.Value, provider.Value, 0, true));
        }

        return documents;
    }

    /// <summary>One record per item of the statement billing a share; none for a repayment, whose items give shares back.</summary>
    private static IEnumerable<LedgerDocument> Index(SettlementStatement statement) =>
        statement.IsRepayment
            ? []
            : statement.Items.Where(i => i.AmountMinorUnits > 0)
                .Select(i => EconomyRecords.BilledOn.Write(Key(i.Journal, statement.Counterparty), statement.Provider.Value, 0, statement.Id));

    /// <summary>The statement that billed each party's share of each journal given (journals no statement billed are
    /// absent): for providers whose statements are indexed, three reads whatever the number of statements; for the
    /// others, one listing of their statements.</summary>
    /// <param name="store">The economy's records.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="journals">The distribution journals, each with its provider.</param>
    /// <param name="ct">Cancellation.</param>
    internal static async Task<Dictionary<(JournalId Journal, DistributionParty Party), SettlementStatement>> FindAsync(
        IEconomyStore store, LedgerId ledger, IReadOnlyCollection<(EntityId Provider, JournalId Journal)> journals, CancellationToken ct)
    {
        var found = new Dictionary<(JournalId Journal, DistributionParty Party), SettlementStatement>();
        if (journals.Count == 0)
        {
            return found;
        }

        var providers = journals.Select(j => j.Provider.Value).ToHashSet(StringComparer.Ordinal);
        var indexed = (await store.GetRecordsAsync(ledger, EconomyRecords.BilledOnIndexed.Kind, providers, ct).ConfigureAwait(false)).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        await FromIndexAsync(store, ledger, [.. journals.Where(j => indexed.Contains(j.Provider.Value)).Select(j => j.Journal)], found, ct).ConfigureAwait(false);
        var listed = journals.Where(j => !indexed.Contains(j.Provider.Value)).ToList();
        if (listed.Count > 0)
        {
            // Books written before the index: one listing, of the provider's statements or, for several, of all.
            var owners = listed.Select(j => j.Provider).Distinct().ToList();
            var statements = await store.ListStatementsAsync(ledger, owners.Count == 1 ? owners[0] : null, ct).ConfigureAwait(false);
            Add(statements, listed.Select(j => j.Journal).ToHashSet(), found);
        }

        return found;
    }

    private static async Task FromIndexAsync(
        IEconomyStore store, LedgerId ledger, HashSet<JournalId> journals, Dictionary<(JournalId Journal, DistributionParty Party), SettlementStatement> found, CancellationToken ct)
    {
        if (journals.Count == 0)
        {
            return;
        }

        var keys = journals.SelectMany(j => Parties.Select(p => Key(j, p))).ToList();
        var ids = (await store.GetRecordsAsync(ledger, EconomyRecords.BilledOn.Kind, keys, ct).ConfigureAwait(false))
            .Select(EconomyRecords.BilledOn.Read).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return;
        }

        var statements = (await store.GetRecordsAsync(ledger, EconomyRecords.Statement.Kind, ids, ct).ConfigureAwait(false)).Select(EconomyRecords.Statement.Read);
        Add(statements.OrderBy(s => s.Id, StringComparer.Ordinal), journals, found);
    }

    /// <summary>Adds each statement's items billing a share of the journals asked; the first statement found for a
    /// journal and party is kept (statements in the order the store lists them).</summary>
    private static void Add(IEnumerable<SettlementStatement> statements, HashSet<JournalId> journals, Dictionary<(JournalId Journal, DistributionParty Party), SettlementStatement> found)
    {
        foreach (var statement in statements)
        {
            foreach (var item in statement.Items.Where(i => i.AmountMinorUnits > 0 && journals.Contains(i.Journal)))
            {
                found.TryAdd((item.Journal, statement.Counterparty), statement);
            }
        }
    }

    private static string Key(JournalId journal, DistributionParty party) => $"{journal}/{party}";
}
