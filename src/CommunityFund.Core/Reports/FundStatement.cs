using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// The community-fund statement for a date range: inflows by source — the 5% shares of providers' revenue, donations
/// (money and in kind), self-financing by activity, other income — grants by project, releases from restricted net
/// assets, and each restriction's balance at the end of the range. Built from the journals (net of reversals and
/// clawbacks), so it reconciles to the fund's statement of activities.
/// </summary>
/// <param name="Fund">The fund entity.</param>
/// <param name="From">The first date.</param>
/// <param name="To">The last date.</param>
/// <param name="FundShares">The 5% shares received (restricted to the community-fund share), net of clawbacks.</param>
/// <param name="Donations">Donations of money, restricted and unrestricted.</param>
/// <param name="InKindDonations">Donations of goods at voucher or fair value.</param>
/// <param name="SelfFinancing">Self-financing income per activity.</param>
/// <param name="OtherIncome">Any other revenue.</param>
/// <param name="Grants">Grants per project.</param>
/// <param name="Released">Restricted net assets released in the range.</param>
/// <param name="Restrictions">Each restriction as of the end of the range.</param>
public sealed record FundStatement(
    EntityId Fund, LocalDate From, LocalDate To, Money FundShares, Money Donations, Money InKindDonations, ImmutableArray<SourceAmount> SelfFinancing,
    Money OtherIncome, ImmutableArray<SourceAmount> Grants, Money Released, ImmutableArray<RestrictionBalance> Restrictions)
{
    /// <summary>All inflows.</summary>
    public Money TotalInflows => SelfFinancing.Aggregate(FundShares + Donations + InKindDonations + OtherIncome, (total, s) => total + s.Amount);

    /// <summary>All grants.</summary>
    public Money TotalGrants => Grants.Aggregate(Money.Zero(Currency.CNY), (total, g) => total + g.Amount);

    /// <summary>Builds the statement.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="fund">The fund entity (NPO_CN).</param>
    /// <param name="from">The first date.</param>
    /// <param name="to">The last date.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    /// <exception cref="ArgumentException">The entity does not keep NPO_CN books.</exception>
    public static async Task<FundStatement> BuildAsync(ILedgerStore store, LedgerId ledger, EntityId fund, LocalDate from, LocalDate to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var entity = await FindFundAsync(store, ledger, fund, cancellationToken).ConfigureAwait(false);
        var tally = new Tally();
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (journal.AccountingDate < from || journal.AccountingDate > to || journal.Kind == JournalKind.PeriodClose)
            {
                continue;
            }

            foreach (var line in journal.Lines.Where(l => l.Entity == fund && l.Amount.Currency == Currency.CNY && !l.Account.IsMemo))
            {
                tally.Add(journal, line, entity.Chart.Find(line.Account)?.Type);
            }
        }

        var restrictions = await RestrictionBalances.ComputeAsync(store, ledger, fund, to, cancellationToken).ConfigureAwait(false);
        return tally.ToStatement(fund, from, to, restrictions);
    }

    /// <summary>The fund entity, which must keep NPO_CN books.</summary>
    private static async Task<AccountingEntity> FindFundAsync(ILedgerStore store, LedgerId ledger, EntityId fund, CancellationToken cancellationToken)
    {
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var entity = state.Definition.FindEntity(fund) ?? throw new KeyNotFoundException($"Ledger '{ledger}' has no entity '{fund}'.");
        if (entity.Profile != AccountingProfile.NpoCn)
        {
            throw new ArgumentException($"'{fund}' keeps {entity.Profile} books; the fund statement is for NPO_CN entities.", nameof(fund));
        }

        return entity;
    }

    /// <summary>The statement's running totals in fen, added up one line of the fund's at a time.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<string, long> _selfFinancing = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, long> _grants = new(StringComparer.Ordinal);
        private long _shares;
        private long _donations;
        private long _inKind;
        private long _other;
        private long _released;

        /// <summary>Counts one CNY, non-memo line of the fund: releases from net assets, revenue by source, grants.</summary>
        public void Add(Journal journal, JournalLine line, AccountType? type)
        {
            var credit = -line.SignedMinorUnits;
            if (journal.Kind == JournalKind.RestrictionRelease)
            {
                _released += type == AccountType.NetAssets ? -credit : 0;
            }
            else if (type == AccountType.Revenue)
            {
                AddRevenue(journal, line, credit);
            }
            else if (type == AccountType.Expense && line.Account.Value == "5101.06")
            {
                var project = line.Dimensions.TryGetValue(DimensionNames.Programme, out var p) ? p : "-";
                _grants[project] = _grants.GetValueOrDefault(project) - credit;
            }
        }

        public FundStatement ToStatement(EntityId fund, LocalDate from, LocalDate to, ImmutableArray<RestrictionBalance> restrictions) =>
            new(fund, from, to, Cny(_shares), Cny(_donations), Cny(_inKind),
                [.. _selfFinancing.Select(s => new SourceAmount(s.Key, Cny(s.Value)))], Cny(_other),
                [.. _grants.Select(g => new SourceAmount(g.Key, Cny(g.Value)))], Cny(_released), restrictions);

        private static Money Cny(long minor) => Money.FromMinorUnits(minor, Currency.CNY);

        /// <summary>Revenue by source: the fund's share, donations of money or in kind, self-financing per activity,
        /// anything else.</summary>
        private void AddRevenue(Journal journal, JournalLine line, long credit)
        {
            var restriction = line.Dimensions.TryGetValue(DimensionNames.Restriction, out var r) ? r : null;
            if (restriction == "community-fund-share")
            {
                _shares += credit;
            }
            else if (journal.Kind == JournalKind.Donation)
            {
                if (journal.Metadata.GetValueOrDefault("donation.form") == "in-kind")
                {
                    _inKind += credit;
                }
                else
                {
                    _donations += credit;
                }
            }
            else if (journal.Kind == JournalKind.SelfFinancing)
            {
                var source = journal.Metadata.GetValueOrDefault("self_financing.source", "other");
                _selfFinancing[source] = _selfFinancing.GetValueOrDefault(source) + credit;
            }
            else
            {
                _other += credit;
            }
        }
    }
}
