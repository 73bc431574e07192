using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Audit;

/// <summary>
/// What a journal of a sale says about its distribution, read in the order the journals were posted: each distributable
/// revenue recognised (at a sale that is not prepaid, or at a delivery, in the tier the sale was made in and under the
/// policy in force that day), and the base each distribution journal split. Remembers the tier of every sale not in
/// the paid tier (the default a delivery assumes), keyed by the sale's id as a GUID — sixteen bytes a sale, not its
/// text.
/// </summary>
/// <param name="policies">The ledger's distribution policies.</param>
internal sealed class SaleJournalFacts(IReadOnlyList<DistributionPolicy> policies)
{
    private const string DefaultTier = "paid";
    private readonly Dictionary<Guid, byte> _tiers = [];
    private readonly Dictionary<string, byte> _tiersOfOtherIds = new(StringComparer.Ordinal);
    private readonly List<string> _tierNames = [];

    /// <summary>The fact a journal states about its sale, if any.</summary>
    /// <param name="journal">The journal (journals must be read in sequence: a delivery looks up its sale's tier).</param>
    /// <returns>The sale's id as written in the journal, and the base recognised or split; <c>null</c> when the journal
    /// states neither.</returns>
    internal Fact? Read(Journal journal)
    {
        if (!journal.Metadata.TryGetValue("sale.id", out var sale))
        {
            return null;
        }

        if (journal.Kind == JournalKind.Sale)
        {
            var tier = journal.Metadata.GetValueOrDefault("sale.tier", DefaultTier);
            Remember(sale, tier);
            return journal.Metadata.GetValueOrDefault("sale.prepaid") == "false" && IsDistributable(journal.AccountingDate, tier)
                ? new Fact(sale, FactKind.Recognised, Fen(journal, "sale.amount") - Fen(journal, "sale.vat"))
                : null;
        }

        if (journal.Kind == JournalKind.Delivery)
        {
            var recognised = Fen(journal, "delivery.base", Fen(journal, "delivery.recognised"));
            return recognised > 0 && IsDistributable(journal.AccountingDate, TierOf(sale)) ? new Fact(sale, FactKind.Recognised, recognised) : null;
        }

        return journal.Kind == JournalKind.Distribution ? new Fact(sale, FactKind.Split, Fen(journal, "distribution.base")) : null;
    }

    private void Remember(string sale, string tier)
    {
        var known = Guid.TryParse(sale, out var id);
        if (tier == DefaultTier)
        {
            _ = known ? _tiers.Remove(id) : _tiersOfOtherIds.Remove(sale);
            return;
        }

        var index = _tierNames.IndexOf(tier);
        if (index < 0)
        {
            _tierNames.Add(tier);
            index = _tierNames.Count - 1;
        }

        if (known)
        {
            _tiers[id] = checked((byte)index);
        }
        else
        {
            _tiersOfOtherIds[sale] = checked((byte)index);
        }
    }

    private string TierOf(string sale) =>
        (Guid.TryParse(sale, out var id) ? _tiers.TryGetValue(id, out var index) : _tiersOfOtherIds.TryGetValue(sale, out index)) ? _tierNames[index] : DefaultTier;

    /// <summary>Whether the policy in force on a date distributes revenue of a tier; no policy distributes nothing.</summary>
    private bool IsDistributable(LocalDate date, string tier) =>
        policies.FirstOrDefault(p => p.AppliesOn(date)) is { } policy && policy.DistributableTiers.Any(t => CommunityEconomy.TierName(t) == tier);

    private static long Fen(Journal journal, string key, long absent = 0) =>
        journal.Metadata.TryGetValue(key, out var value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fen) ? fen : absent;

    /// <summary>What a journal states about its sale.</summary>
    internal enum FactKind
    {
        /// <summary>Distributable revenue recognised.</summary>
        Recognised,

        /// <summary>The base a distribution journal split.</summary>
        Split,
    }

    /// <summary>A journal's fact: the sale's id as written, what it is, and the base in fen.</summary>
    internal readonly record struct Fact(string Sale, FactKind Kind, long Base);
}
