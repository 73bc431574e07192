using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Audit;

/// <summary>
/// The trustees' audit of a ledger, from its journals and records, needing read access only: the hash chain verifies;
/// the books still extend every checkpoint a trustee kept; maintained balances equal balances rebuilt from the
/// journals; due-to and due-from between providers and their hub and fund agree; every distributable revenue has its
/// distribution; no party drifts from its exact share by a fen or more; the running totals of hub fees with VAT equal
/// the fees of their distributions; no payable was settled beyond what was owed;
/// restrictions are not overspent, every 民非 entity's cash covers what it holds for restrictions and agency, and agency
/// balances net to zero per beneficiary.
/// </summary>
public static class LedgerAudit
{
    /// <summary>Runs the audit on one moment of the books: the journals and the records are read through one snapshot of
    /// the ledger (<see cref="LedgerSnapshot"/>), so that sales recorded while the audit reads are neither in its
    /// journals nor in its records. The books' own records store (<see cref="LedgerEconomyStore"/>) is read.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="asOf">The date the amounts owed to the fund are aged to; <c>null</c> for the last accounting date in
    /// the books.</param>
    /// <param name="keptCheckpoints">Checkpoints a trustee kept (sequence and hash), or none.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public static async Task<AuditReport> RunAsync(
        ILedgerStore store, LedgerId ledger, LocalDate? asOf, IEnumerable<ChainCheckpoint>? keptCheckpoints = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var snapshot = await LedgerSnapshot.OpenAsync(store, ledger, cancellationToken).ConfigureAwait(false);
        return await RunAsync(snapshot.Store, new LedgerEconomyStore(snapshot.Store), ledger, asOf, keptCheckpoints, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the audit, ageing the amounts owed to the fund as of the last accounting date in the books.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="economy">The economy's records.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="keptCheckpoints">Checkpoints a trustee kept (sequence and hash), or none.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public static Task<AuditReport> RunAsync(
        ILedgerStore store, IEconomyStore economy, LedgerId ledger, IEnumerable<ChainCheckpoint>? keptCheckpoints = null, CancellationToken cancellationToken = default) =>
        RunAsync(store, economy, ledger, null, keptCheckpoints, cancellationToken);

    /// <summary>Runs the audit through the stores as given. On books being written, give it one moment of them (the
    /// overload without an economy store opens a snapshot and reads the records from it): otherwise a sale recorded
    /// between the read of the journals and that of the records is reported as a distribution without its journal.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="economy">The economy's records.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="asOf">The date the amounts owed to the fund are aged to (today, in the ledger's time zone, for a
    /// trustee); <c>null</c> for the last accounting date in the books.</param>
    /// <param name="keptCheckpoints">Checkpoints a trustee kept (sequence and hash), or none.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The report.</returns>
    public static async Task<AuditReport> RunAsync(
        ILedgerStore store, IEconomyStore economy, LedgerId ledger, LocalDate? asOf, IEnumerable<ChainCheckpoint>? keptCheckpoints = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(economy);
        var state = await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        var kept = (keptCheckpoints ?? []).ToList();
        var wanted = kept.Select(c => c.Sequence).ToHashSet();
        var findings = new List<AuditFinding>();
        var policies = await economy.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false);

        // One pass over the journals: the integrity check's, every check below folding what it needs from it.
        var scan = new AuditScan(state.Definition, policies, asOf, wanted);
        var integrity = await LedgerIntegrity.CheckAsync(store, ledger, scan.Add, cancellationToken).ConfigureAwait(false);
        if (!integrity.Chain.IsIntact)
        {
            findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.ChainBroken, integrity.Chain.Problem ?? "The hash chain does not verify.") { Sequence = integrity.Chain.FirstBadSequence });
        }

        foreach (var mismatch in integrity.BalanceMismatches)
        {
            findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.BalanceMismatch,
                $"{mismatch.Entity} {mismatch.Account} ({mismatch.Unit}): maintained {mismatch.Maintained}, rebuilt from the journals {mismatch.Rebuilt} (minor units).") { Entity = mismatch.Entity });
        }

        var verified = VerifyCheckpoints(kept, scan.Seen, integrity, findings);
        findings.AddRange(UnclassifiedFindings(scan.Unclassified));
        // The fund's months are folded in the same pass over the sale records as the distribution checks.
        var day = asOf ?? scan.LastDate;
        var months = day is { } aged ? await FundReceivables.StartMonthsAsync(economy, ledger, aged, null, scan.FundPayables.SettledOn, cancellationToken).ConfigureAwait(false) : null;
        await CheckEconomyAsync(store, economy, state, scan, months, findings, cancellationToken).ConfigureAwait(false);
        await CheckFundAsync(store, state, scan, findings, cancellationToken).ConfigureAwait(false);
        await CheckAgedAsync(store, economy, ledger, day, scan, months, findings, cancellationToken).ConfigureAwait(false);
        return new AuditReport(ledger, integrity.Chain.JournalsChecked, new ChainCheckpoint(integrity.Chain.LastSequence, integrity.Chain.LastHash), verified,
            [.. findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Sequence ?? long.MaxValue)]);
    }

    /// <summary>Each kept checkpoint still names its journal with the same hash, inside the verified chain.</summary>
    /// <returns>How many verified.</returns>
    private static int VerifyCheckpoints(List<ChainCheckpoint> kept, Dictionary<long, string> seen, IntegrityReport integrity, List<AuditFinding> findings)
    {
        var verified = 0;
        foreach (var checkpoint in kept.OrderBy(c => c.Sequence))
        {
            var goodThrough = integrity.Chain.IsIntact ? integrity.Chain.LastSequence : (integrity.Chain.FirstBadSequence ?? 1) - 1;
            if (!seen.TryGetValue(checkpoint.Sequence, out var hash))
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.CheckpointMissing,
                    $"A kept checkpoint names journal {checkpoint.Sequence}, but the books end at {integrity.Chain.LastSequence}: journals were removed.") { Sequence = checkpoint.Sequence });
            }
            else if (!string.Equals(hash, checkpoint.Hash, StringComparison.Ordinal))
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.CheckpointDiverged,
                    $"Journal {checkpoint.Sequence} hashes to {hash}, but the kept checkpoint says {checkpoint.Hash}: the books were rewritten.") { Sequence = checkpoint.Sequence });
            }
            else if (checkpoint.Sequence > goodThrough)
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.CheckpointUnverified,
                    $"Journal {checkpoint.Sequence} matches the kept checkpoint, but the chain breaks before it, at {integrity.Chain.FirstBadSequence}.") { Sequence = checkpoint.Sequence });
            }
            else
            {
                verified++;
            }
        }

        return verified;
    }

    /// <summary>One warning per entity that moved cash on lines naming no cash-flow item.</summary>
    private static IEnumerable<AuditFinding> UnclassifiedFindings(SortedDictionary<string, (int Journals, long Net, long First)> counts) =>
        counts.Select(u => new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.CashFlowUnclassified,
            $"{u.Key}: {u.Value.Journals} journal(s) moved cash without a cash-flow item, net {Money.FromMinorUnits(u.Value.Net, Currency.CNY)} " +
            $"(first: journal {u.Value.First}); the cash-flow statement shows it as unclassified. State the item on the cash lines (dimension 'cashflow').")
        { Sequence = u.Value.First, Entity = EntityId.From(u.Key) });

    /// <summary>What is aged as of a date: amounts owed to the fund, statement rows unmatched, money in transit.</summary>
    /// <remarks>The date is the one asked for, or the last accounting date in the books (none when the books are empty).</remarks>
    private static async Task CheckAgedAsync(
        ILedgerStore store, IEconomyStore economy, LedgerId ledger, LocalDate? asOf, AuditScan scan, FundReceivables.MonthsFold? months, List<AuditFinding> findings, CancellationToken ct)
    {
        if (asOf is not { } day)
        {
            return;
        }

        await CheckFundReceivablesAsync(store, economy, ledger, day, scan, months, findings, ct).ConfigureAwait(false);
        await CheckReconciliationAsync(store, economy, ledger, day, findings, ct).ConfigureAwait(false);
    }

    private static async Task CheckEconomyAsync(
        ILedgerStore store, IEconomyStore economy, LedgerState state, AuditScan scan, FundReceivables.MonthsFold? months, List<AuditFinding> findings, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        CheckDueToDueFrom(scan.DueToDueFrom, findings);
        await SaleDistributionCheck.RunAsync(store, economy, ledger, scan, months, findings, ct).ConfigureAwait(false);
        await CheckSettlementsAsync(store, economy, state, findings, ct).ConfigureAwait(false);
    }

    /// <summary>What a provider owes its hub and fund by its books is what they claim by theirs.</summary>
    private static void CheckDueToDueFrom(DueToDueFromFold dueToDueFrom, List<AuditFinding> findings)
    {
        foreach (var row in dueToDueFrom.Rows())
        {
            if (!row.Agrees)
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.ReconciliationMismatch,
                    $"{row.Provider} owes {row.Counterparty} {row.ProviderOwes} by its books, but {row.Counterparty} claims {row.CounterpartyClaims}.") { Entity = row.Provider });
            }
        }
    }

    /// <summary>
    /// A provider's payable to its hub or fund may go into debit only by shares reversed before they were billed
    /// (refunds not yet on any statement) after an earlier statement was settled in full: the next statement nets them
    /// ("reversed shares wait for later accruals"). A debit beyond those reversals is money paid that was never owed.
    /// </summary>
    private static async Task CheckSettlementsAsync(ILedgerStore store, IEconomyStore economy, LedgerState state, List<AuditFinding> findings, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        foreach (var entity in state.Definition.Entities.Values.Where(e => e.Kind == EntityKind.Provider))
        {
            if (ProviderAccounts.For(entity.Profile) is not { } accounts)
            {
                continue;
            }

            var balances = await store.GetBalancesAsync(ledger, entity.Id, null, ct).ConfigureAwait(false);
            foreach (var payable in new[] { accounts.DueToHub, accounts.DueToFund })
            {
                if (balances.FirstOrDefault(b => b.Account == payable) is not { } balance || balance.DebitMinorUnits <= balance.CreditMinorUnits)
                {
                    continue;
                }

                var debit = balance.DebitMinorUnits - balance.CreditMinorUnits;
                var party = payable == accounts.DueToHub ? DistributionParty.Hub : DistributionParty.CommunityFund;
                var awaitingNetting = await UnbilledReversalsAsync(store, economy, ledger, entity.Id, payable, party, ct).ConfigureAwait(false);
                if (debit > awaitingNetting)
                {
                    findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.SettlementExceedsPayable,
                        $"{entity.Id} paid {Money.FromMinorUnits(debit - awaitingNetting, Currency.CNY)} more on {payable} than it owed " +
                        $"(in debit by {Money.FromMinorUnits(debit, Currency.CNY)}, of which {Money.FromMinorUnits(awaitingNetting, Currency.CNY)} are shares reversed before billing that the next statement nets).")
                    {
                        Entity = entity.Id,
                    });
                }
            }
        }
    }

    /// <summary>The debits on a provider's payable to a party from refunds not yet on any of its statements to that party.</summary>
    private static async Task<long> UnbilledReversalsAsync(
        ILedgerStore store, IEconomyStore economy, LedgerId ledger, EntityId provider, AccountCode payable, DistributionParty party, CancellationToken ct)
    {
        var billed = (await economy.ListStatementsAsync(ledger, provider, ct).ConfigureAwait(false))
            .Where(s => s.Counterparty == party).SelectMany(s => s.Items).Select(i => i.Journal).ToHashSet();
        long reversed = 0;
        await foreach (var journal in store.ReadAccountJournalsAsync(ledger, provider, payable, null, null, ct).ConfigureAwait(false))
        {
            if (journal.Kind == JournalKind.Refund && !billed.Contains(journal.Id))
            {
                reversed += journal.Lines.Where(l => l.Entity == provider && l.Account == payable && l.Side == Side.Debit).Sum(l => l.Amount.MinorUnits);
            }
        }

        return reversed;
    }

    private static async Task CheckFundAsync(ILedgerStore store, LedgerState state, AuditScan scan, List<AuditFinding> findings, CancellationToken ct)
    {
        var restrictions = scan.Restrictions.Balances();
        await CheckCashBacksRestrictionsAsync(store, state, restrictions, findings, ct).ConfigureAwait(false);
        await CheckMoneyAccountsAsync(store, state, findings, ct).ConfigureAwait(false);
        foreach (var restriction in restrictions)
        {
            if (restriction.Available.IsNegative)
            {
                findings.Add(new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.RestrictionOverspent,
                    $"{restriction.Entity} spent {restriction.Spent} on '{restriction.Restriction}', which received {restriction.Received}.") { Entity = restriction.Entity });
            }
        }

        foreach (var ((entity, beneficiary), net) in scan.Agency.Where(a => a.Value != 0))
        {
            findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.AgencyUnbalanced,
                $"{entity} holds for '{beneficiary}' assets and liabilities that differ by {Money.FromMinorUnits(net, Currency.CNY)}.") { Entity = entity });
        }
    }

    /// <summary>No cash, bank or in-transit account is in credit (a warning: money was paid out that the account did not
    /// hold, e.g. a refund through a channel that had already paid out).</summary>
    private static async Task CheckMoneyAccountsAsync(ILedgerStore store, LedgerState state, List<AuditFinding> findings, CancellationToken ct)
    {
        foreach (var balance in await store.GetBalancesAsync(state.Definition.Id, null, null, ct).ConfigureAwait(false))
        {
            if (balance.Unit == Currency.CNY && CashPositions.IsCash(balance.Account) && balance.CreditMinorUnits > balance.DebitMinorUnits)
            {
                findings.Add(new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.CashInCredit,
                    $"{balance.Entity} {balance.Account} is {balance.Balance} in credit: more was paid out of it than it held.") { Entity = balance.Entity });
            }
        }
    }

    /// <summary>Every 民非 entity's cash covers what it holds for restrictions and agency (an error when it does not);
    /// an entity holding restricted money warns when its unrestricted net assets are below zero.</summary>
    private static async Task CheckCashBacksRestrictionsAsync(ILedgerStore store, LedgerState state, ImmutableArray<RestrictionBalance> restrictions, List<AuditFinding> findings, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        foreach (var entity in state.Definition.Entities.Values.Where(e => e.Profile == AccountingProfile.NpoCn))
        {
            var balances = await store.GetBalancesAsync(ledger, entity.Id, null, ct).ConfigureAwait(false);
            var position = CashPositions.Of(entity.Id, restrictions, balances);
            if (position.IsShort)
            {
                findings.Add(new AuditFinding(FindingSeverity.Error, AuditFindingCodes.RestrictedCashShortfall,
                    $"{entity.Id} holds cash {position.Cash}, but {position.HeldForOthers} of it is owed to restrictions ({position.Restricted}, of which " +
                    $"{position.GoodsHeld} at most held as donated goods) and agency ({position.Agency}): short by {-position.Available}.") { Entity = entity.Id });
            }

            if (!position.Restricted.IsPositive)
            {
                continue;
            }

            // Net assets = assets − liabilities; the unrestricted part is what remains after the restrictions' balances.
            var netAssets = 0L;
            foreach (var balance in balances.Where(b => b.Unit == Currency.CNY && !b.Account.IsMemo))
            {
                if (entity.Chart.Find(balance.Account) is { Type: AccountType.Asset or AccountType.Liability })
                {
                    netAssets = checked(netAssets + balance.DebitMinorUnits - balance.CreditMinorUnits);
                }
            }

            var unrestricted = Money.FromMinorUnits(netAssets, Currency.CNY) - position.Restricted;
            if (unrestricted.IsNegative)
            {
                findings.Add(new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.UnrestrictedNetAssetsNegative,
                    $"{entity.Id} has net assets {Money.FromMinorUnits(netAssets, Currency.CNY)} and restricted balances {position.Restricted}: its unrestricted net assets are {unrestricted}.")
                {
                    Entity = entity.Id,
                });
            }
        }
    }

    /// <summary>The fund's 5% leg (ADR 0011): every month a provider owes its fund for more than 90 days is a warning, and
    /// a schedule that differs from the provider's payable in its books is one too.</summary>
    private static async Task CheckFundReceivablesAsync(
        ILedgerStore store, IEconomyStore economy, LedgerId ledger, LocalDate last, AuditScan scan, FundReceivables.MonthsFold? months, List<AuditFinding> findings, CancellationToken ct)
    {
        var schedule = await FundReceivables.BuildAsync(store, economy, ledger, last, null, scan.FundPayables, ct, months).ConfigureAwait(false);
        foreach (var row in schedule.Rows.Where(r => r.Bucket == AgeBucket.Over90Days))
        {
            findings.Add(new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.FundShareOverdue,
                $"{row.Provider} owes {row.Fund} {row.Outstanding} of its {row.Month.Year:0000}-{row.Month.Month:00} shares, unpaid {row.AgeDays} days after the month ended (as of {last:yyyy-MM-dd}).") { Entity = row.Provider });
        }

        foreach (var total in schedule.Totals.Where(t => !t.Agrees))
        {
            findings.Add(new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.FundReceivablesMismatch,
                $"{total.Provider}'s books owe {total.Fund} {total.PayableInBooks}, but its sales and statements say {total.Outstanding}.") { Entity = total.Provider });
        }
    }

    /// <summary>Statement rows unmatched for more than 7 days, and money in transit for more than 30, as of the date
    /// asked (or the last accounting date); one finding per entity and channel.</summary>
    private static async Task CheckReconciliationAsync(ILedgerStore store, IEconomyStore economy, LedgerId ledger, LocalDate day, List<AuditFinding> findings, CancellationToken ct)
    {
        var unmatched = await PaymentReconciliation.UnmatchedRowsAsync(economy, ledger, null, day, ct).ConfigureAwait(false);
        foreach (var group in unmatched.Where(u => u.AgeDays > 7).GroupBy(u => (u.Row.Entity, u.Row.Channel)).OrderBy(g => g.Key.Entity.Value, StringComparer.Ordinal).ThenBy(g => g.Key.Channel))
        {
            var oldest = group.MaxBy(u => u.AgeDays)!;
            findings.Add(new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.StatementRowsUnmatched,
                $"{group.Key.Entity} has {group.Count()} {PaymentMatcher.ChannelKey(group.Key.Channel)} statement row(s) unmatched for more than 7 days; the oldest, {oldest.Key}, is {oldest.AgeDays} days old (as of {day:yyyy-MM-dd}).") { Entity = group.Key.Entity });
        }

        foreach (var (entity, channel, stale) in await PaymentReconciliation.StaleInTransitAsync(store, ledger, day, 30, ct).ConfigureAwait(false))
        {
            findings.Add(new AuditFinding(FindingSeverity.Warning, AuditFindingCodes.InTransitStale,
                $"{entity} has {stale} in transit on {PaymentMatcher.ChannelKey(channel)} for more than 30 days (as of {day:yyyy-MM-dd}): match the statements and clear it to the bank.") { Entity = entity });
        }
    }
}
