using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>
    /// Prepares the statement of what a provider owes a counterparty (its hub or its community fund) for a period:
    /// every share accrued less every share reversed, dated up to the period's end and not on an earlier statement.
    /// Its status starts at <see cref="SettlementStatus.Owed"/>.
    /// </summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="counterparty">The hub or community-fund entity.</param>
    /// <param name="period">The period.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    public async Task<CommandResult<SettlementStatement>> PrepareStatementAsync(LedgerId ledger, EntityId provider, EntityId counterparty, YearMonth period, CancellationToken cancellationToken = default)
    {
        using var _ = await Locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        var state = await _ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return CommandResult<SettlementStatement>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
        }

        var errors = new List<PostingError>();
        ProviderOf(state, provider, "provider", errors);
        var kind = counterparty.Value is null ? null : state.Definition.FindEntity(counterparty)?.Kind;
        if (kind is not (EntityKind.Hub or EntityKind.CommunityFund))
        {
            errors.Add(new PostingError(EconomyErrorCodes.CounterpartyInvalid, $"'{counterparty}' is not a hub or community-fund entity of ledger '{ledger}'.", "counterparty"));
        }

        if (errors.Count > 0)
        {
            return CommandResult<SettlementStatement>.Rejected(errors);
        }

        var party = kind == EntityKind.Hub ? DistributionParty.Hub : DistributionParty.CommunityFund;
        var id = $"{provider}.{counterparty}.{period.Year:0000}-{period.Month:00}";
        if (await _store.GetStatementAsync(ledger, id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return CommandResult<SettlementStatement>.Rejected(EconomyErrorCodes.StatementExists, $"Statement {id} was already prepared.", "period");
        }

        var end = period.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1);
        var policies = (await _store.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var taken = (await _store.ListStatementsAsync(ledger, provider, cancellationToken).ConfigureAwait(false))
            .Where(s => s.CounterpartyEntity == counterparty)
            .SelectMany(s => s.Items)
            .Select(i => (i.Journal, i.AmountMinorUnits > 0))
            .ToHashSet();
        var items = new List<StatementItem>();
        var clawbacks = new List<StatementItem>();
        string? restriction = null;
        foreach (var sale in await _store.ListSalesAsync(ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            var policy = sale.Distributions.IsEmpty ? null : policies[sale.Distributions[0].PolicyReference];
            foreach (var distribution in sale.Distributions.Where(d => d.Date <= end))
            {
                var distributionPolicy = policies[distribution.PolicyReference];
                var amount = distribution.Parts.Of(party);
                if (amount > 0 && CounterpartyOf(distributionPolicy, party) == counterparty && !taken.Contains((distribution.Journal, true)))
                {
                    items.Add(new StatementItem(sale.Id, distribution.Journal, distribution.Date, amount));
                    restriction ??= distributionPolicy.FundRestriction;
                }
            }

            foreach (var refund in sale.Refunds.Where(r => r.Date <= end && policy is not null && CounterpartyOf(policy, party) == counterparty))
            {
                var amount = party == DistributionParty.Hub ? refund.HubStatementItem : refund.FundStatementItem;
                if (amount > 0 && !taken.Contains((refund.Journal, false)))
                {
                    items.Add(new StatementItem(sale.Id, refund.Journal, refund.Date, -amount));
                }

                // Shares given back after they were billed wait here to be netted, unless the policy keeps the hub's
                // outside the statements (repaid only).
                var clawback = party == DistributionParty.Hub ? (policy!.HubRefund == HubRefundRule.NetOnNextStatement ? refund.HubClawback : 0) : refund.FundClawback;
                if (clawback > 0 && !taken.Contains((refund.Journal, false)))
                {
                    clawbacks.Add(new StatementItem(sale.Id, refund.Journal, refund.Date, -clawback) { Clawback = true });
                }
            }
        }

        // Net what the counterparty owes back against what it is owed, oldest first, while something is still owed.
        var owed = items.Sum(i => i.AmountMinorUnits);
        foreach (var clawback in clawbacks.OrderBy(c => c.Date).ThenBy(c => c.Journal))
        {
            if (owed + clawback.AmountMinorUnits > 0)
            {
                items.Add(clawback);
                owed += clawback.AmountMinorUnits;
            }
        }

        var statement = new SettlementStatement
        {
            Id = id,
            Provider = provider,
            Counterparty = party,
            CounterpartyEntity = counterparty,
            Period = period,
            Items = [.. items.OrderBy(i => i.Date).ThenBy(i => i.Journal)],
            FundRestriction = party == DistributionParty.CommunityFund ? restriction ?? "community-fund-share" : null,
        };
        if (!statement.Amount.IsPositive)
        {
            return CommandResult<SettlementStatement>.Rejected(EconomyErrorCodes.NothingOwed,
                $"'{provider}' owes '{counterparty}' nothing new through {period} ({statement.Amount}); reversed shares wait for later accruals.", "period");
        }

        await _store.ApplyAsync(ledger, new EconomyChanges { Statements = [statement] }, cancellationToken).ConfigureAwait(false);
        return new CommandResult<SettlementStatement>(PostingOutcome.Created, statement, [], []);
    }

    /// <summary>Moves a statement from <see cref="SettlementStatus.Owed"/> to <see cref="SettlementStatus.Invoiced"/>
    /// with the hub's invoice or the fund's donation-receipt reference.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="statementId">The statement.</param>
    /// <param name="reference">The invoice or receipt reference.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    public async Task<CommandResult<SettlementStatement>> MarkInvoicedAsync(LedgerId ledger, string statementId, string reference, CancellationToken cancellationToken = default)
    {
        using var _ = await Locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        var statement = await _store.GetStatementAsync(ledger, statementId, cancellationToken).ConfigureAwait(false);
        if (statement is null)
        {
            return CommandResult<SettlementStatement>.Rejected(EconomyErrorCodes.StatementNotFound, $"Ledger '{ledger}' has no statement {statementId}.", "statement");
        }

        if (string.IsNullOrWhiteSpace(reference) || reference.Length > 100 || reference.Any(char.IsControl))
        {
            return CommandResult<SettlementStatement>.Rejected(EconomyErrorCodes.InvoiceReferenceRequired, "An invoice or donation-receipt reference (at most 100 characters) is required.", "reference");
        }

        if (statement.Status != SettlementStatus.Owed)
        {
            return CommandResult<SettlementStatement>.Rejected(EconomyErrorCodes.StatusInvalid, $"Statement {statementId} is {statement.Status}; only an owed statement can be invoiced.", "status");
        }

        var invoiced = statement with { Status = SettlementStatus.Invoiced, InvoiceReference = reference };
        await _store.ApplyAsync(ledger, new EconomyChanges { Statements = [invoiced] }, cancellationToken).ConfigureAwait(false);
        return new CommandResult<SettlementStatement>(PostingOutcome.Created, invoiced, [], []);
    }

    /// <summary>Settles an invoiced statement: the payment journal moves the money from the provider's bank to the
    /// counterparty's (the fund recognises its share as restricted donation revenue now). A settlement never exceeds the
    /// provider's open payable, and is refused (<c>payment.insufficient_funds</c>) when the provider's bank account does
    /// not hold the money: receipts still in transit are cleared to the bank first (<see cref="ClearAsync"/>).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="statementId">The statement.</param>
    /// <param name="date">The payment date.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The settled statement.</returns>
    public Task<CommandResult<SettlementStatement>> SettleAsync(LedgerId ledger, string statementId, LocalDate date, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var fingerprint = RequestFingerprint.Of("settle", statementId, Iso(date));
        return ExecuteAsync(ledger, idempotencyKey, fingerprint, (state, ct) => PlanSettlementAsync(state, statementId, date, ct),
            async (l, _, ct) => await _store.GetStatementAsync(l, statementId, ct).ConfigureAwait(false), cancellationToken);
    }

    private async Task<Plan<SettlementStatement>> PlanSettlementAsync(LedgerState state, string statementId, LocalDate date, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var statement = await _store.GetStatementAsync(ledger, statementId, ct).ConfigureAwait(false);
        if (statement is null)
        {
            return Plan<SettlementStatement>.Refused(EconomyErrorCodes.StatementNotFound, $"Ledger '{ledger}' has no statement {statementId}.", "statement");
        }

        if (statement.Status != SettlementStatus.Invoiced)
        {
            return Plan<SettlementStatement>.Refused(EconomyErrorCodes.StatusInvalid,
                statement.Status == SettlementStatus.Owed ? $"Statement {statementId} must be invoiced before it is settled." : $"Statement {statementId} is already settled.", "status");
        }

        if (date < statement.Items.Max(i => i.Date))
        {
            return Plan<SettlementStatement>.Refused(EconomyErrorCodes.SettlementDateInvalid, "A settlement cannot be dated before the last item of its statement.", "date");
        }

        var accounts = ProviderAccounts.For(state.Definition.FindEntity(statement.Provider)!.Profile)!;
        var toHub = statement.Counterparty == DistributionParty.Hub;
        var payable = toHub ? accounts.DueToHub : accounts.DueToFund;
        var balances = await _ledgers.GetBalancesAsync(ledger, statement.Provider, null, ct).ConfigureAwait(false);
        var open = -(balances.FirstOrDefault(b => b.Account == payable)?.Balance.MinorUnits ?? 0);
        var amount = statement.Amount;

        // The payable settles what was accrued less what was reversed before billing; shares given back after billing
        // (clawbacks) net the receivable from the counterparty instead.
        var owed = Money.FromMinorUnits(statement.Items.Where(i => !i.Clawback).Sum(i => i.AmountMinorUnits), Currency.CNY);
        var netted = Money.FromMinorUnits(-statement.Items.Where(i => i.Clawback).Sum(i => i.AmountMinorUnits), Currency.CNY);
        if (owed.MinorUnits > open)
        {
            return Plan<SettlementStatement>.Refused(EconomyErrorCodes.ExceedsPayable,
                $"Settling {owed} would exceed the open payable on {payable} ({Money.FromMinorUnits(open, Currency.CNY)}).", "statement");
        }

        if (Payments.CheckFunds(balances, statement.Provider, accounts.Bank, amount, "statement") is { } insufficient)
        {
            return Plan<SettlementStatement>.Refused([insufficient]);
        }

        var provider = statement.Provider;
        var counterparty = statement.CounterpartyEntity;
        var receivable = toHub ? accounts.ClawbackFromHub : accounts.ClawbackFromFund;
        var lines = new List<LineDraft>
        {
            new LineDraft(provider, payable, Side.Debit, owed).With(DimensionNames.Counterparty, counterparty.Value),
            new LineDraft(provider, accounts.Bank, Side.Credit, amount),
        };
        if (netted.IsPositive)
        {
            lines.Add(new LineDraft(provider, receivable, Side.Credit, netted).With(DimensionNames.Counterparty, counterparty.Value));
        }

        if (toHub)
        {
            lines.Add(new LineDraft(counterparty, ProviderAccounts.Hub.Bank, Side.Debit, amount));
            if (netted.IsPositive)
            {
                lines.Add(new LineDraft(counterparty, ProviderAccounts.Hub.DueBackToProvider, Side.Debit, netted).With(DimensionNames.Counterparty, provider.Value));
            }

            lines.Add(new LineDraft(counterparty, ProviderAccounts.Hub.Receivable, Side.Credit, owed).With(DimensionNames.Counterparty, provider.Value));
        }
        else
        {
            lines.Add(new LineDraft(counterparty, ProviderAccounts.Fund.Bank, Side.Debit, amount));
            if (netted.IsPositive)
            {
                lines.Add(new LineDraft(counterparty, ProviderAccounts.FundGivesBack.DueBackToProvider, Side.Debit, netted).With(DimensionNames.Counterparty, provider.Value));
            }

            lines.Add(new LineDraft(counterparty, ProviderAccounts.Fund.RestrictedDonations, Side.Credit, owed)
                .With(DimensionNames.Restriction, statement.FundRestriction ?? "community-fund-share").With(DimensionNames.Counterparty, provider.Value));
        }

        var draft = new JournalDraft(date, JournalKind.Settlement, $"Settlement of statement {statement.Id} ({statement.InvoiceReference})", [.. lines])
        {
            SourceReference = $"statement:{statement.Id}",
            Metadata = JournalMetadata.From(("statement.id", statement.Id), ("statement.invoice", statement.InvoiceReference ?? string.Empty)),
        };
        return new Plan<SettlementStatement>([draft], journals =>
        {
            var settled = statement with { Status = SettlementStatus.Settled, SettlementJournal = journals[0].Id };
            return (new EconomyChanges { Statements = [settled] }, settled);
        });
    }

    private static EntityId CounterpartyOf(DistributionPolicy policy, DistributionParty party) => party == DistributionParty.Hub ? policy.Hub : policy.Fund;
}
