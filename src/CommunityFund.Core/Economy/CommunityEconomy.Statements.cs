using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using CommunityFund.Utility;
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
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    public Task<CommandResult<SettlementStatement>> PrepareStatementAsync(LedgerId ledger, EntityId provider, EntityId counterparty, YearMonth period, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        return _commands.RunAsync(CommandEnvelope.For(ledger, "statement-prepare", idempotencyKey, provider.Value, counterparty.Value, $"{period.Year:0000}-{period.Month:00}"),
            (state, ct) => PlanPrepareStatementAsync(ledger, state, provider, counterparty, period, ct), cancellationToken);
    }

    private async Task<CommandPlan<SettlementStatement>> PlanPrepareStatementAsync(LedgerId ledger, LedgerState state, EntityId provider, EntityId counterparty, YearMonth period, CancellationToken cancellationToken)
    {
        var errors = new List<PostingError>();
        ProviderOf(state, provider, "provider", errors);
        var kind = counterparty.Value is null ? null : state.Definition.FindEntity(counterparty)?.Kind;
        if (kind is not (EntityKind.Hub or EntityKind.CommunityFund))
        {
            errors.Add(new PostingError(EconomyErrorCodes.CounterpartyInvalid, $"'{counterparty}' is not a hub or community-fund entity of ledger '{ledger}'.", "counterparty"));
        }

        if (errors.Count > 0)
        {
            return CommandPlan<SettlementStatement>.Refused(errors);
        }

        var party = kind == EntityKind.Hub ? DistributionParty.Hub : DistributionParty.CommunityFund;
        var id = $"{provider}.{counterparty}.{period.Year:0000}-{period.Month:00}";
        if (await _store.GetStatementAsync(ledger, id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return CommandPlan<SettlementStatement>.Refused(EconomyErrorCodes.StatementExists, $"Statement {id} was already prepared.", "period");
        }

        var end = period.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1);
        var (items, restriction) = await StatementItemsAsync(ledger, provider, counterparty, party, end, cancellationToken).ConfigureAwait(false);
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
            return CommandPlan<SettlementStatement>.Refused(EconomyErrorCodes.NothingOwed,
                $"'{provider}' owes '{counterparty}' nothing new through {period} ({statement.Amount}); reversed shares wait for later accruals.", "period");
        }

        var index = await BilledStatements.IndexAsync(_store, ledger, statement, cancellationToken).ConfigureAwait(false);
        return CommandPlan<SettlementStatement>.WithoutJournals(_store.Encode(new EconomyChanges { Statements = [statement], Records = [.. index] }), statement);
    }

    /// <summary>What a statement of <paramref name="party"/> through <paramref name="end"/> carries: every share accrued
    /// less every share reversed that no earlier statement carries, then the shares given back after billing, netted
    /// oldest first while something is still owed; and the fund restriction of the first share.</summary>
    private async Task<(List<StatementItem> Items, string? Restriction)> StatementItemsAsync(
        LedgerId ledger, EntityId provider, EntityId counterparty, DistributionParty party, LocalDate end, CancellationToken cancellationToken)
    {
        var policies = (await _store.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var taken = (await _store.ListStatementsAsync(ledger, provider, cancellationToken).ConfigureAwait(false))
            .Where(s => s.CounterpartyEntity == counterparty)
            .SelectMany(s => s.Items)
            .Select(i => (i.Journal, i.AmountMinorUnits > 0))
            .ToHashSet();
        var items = new List<StatementItem>();
        var clawbacks = new List<StatementItem>();
        string? restriction = null;
        await foreach (var sale in SaleDistributions.ReadAllAsync(_store, ledger, provider, cancellationToken).ConfigureAwait(false))
        {
            var policy = sale.Distributions.IsEmpty ? null : policies[sale.Distributions[0].PolicyReference];
            foreach (var distribution in sale.Distributions.Where(d => d.Date <= end))
            {
                var distributionPolicy = policies[distribution.PolicyReference];
                var amount = distribution.Parts.Of(party);
                if (amount > 0 && CounterpartyOf(distributionPolicy, party) == counterparty && !taken.Contains((distribution.Journal, true)))
                {
                    items.Add(new StatementItem(sale.Id, distribution.Journal, distribution.Date, amount) { VatMinorUnits = party == DistributionParty.Hub ? distribution.HubVat ?? 0 : 0 });
                    restriction ??= distributionPolicy.FundRestriction;
                }
            }

            foreach (var refund in sale.Refunds.Where(r => r.Date <= end && policy is not null && CounterpartyOf(policy, party) == counterparty))
            {
                var amount = party == DistributionParty.Hub ? refund.HubStatementItem : refund.FundStatementItem;
                var vat = party == DistributionParty.Hub ? refund.HubVatReversed : 0;
                if (amount > 0 && !taken.Contains((refund.Journal, false)))
                {
                    items.Add(new StatementItem(sale.Id, refund.Journal, refund.Date, -amount) { VatMinorUnits = -vat });
                }

                // Shares given back after they were billed wait here to be netted, unless the policy keeps the hub's
                // outside the statements (repaid only).
                var clawback = party == DistributionParty.Hub ? (policy!.HubRefund == HubRefundRule.NetOnNextStatement ? refund.HubClawback : 0) : refund.FundClawback;
                if (clawback > 0 && !taken.Contains((refund.Journal, false)))
                {
                    clawbacks.Add(new StatementItem(sale.Id, refund.Journal, refund.Date, -clawback) { Clawback = true, VatMinorUnits = -vat });
                }
            }
        }

        NetClawbacks(items, clawbacks);
        return (items, restriction);
    }

    /// <summary>Nets what the counterparty owes back against what it is owed, oldest first, while something is still owed.</summary>
    private static void NetClawbacks(List<StatementItem> items, List<StatementItem> clawbacks)
    {
        var owed = items.Sum(i => i.AmountMinorUnits);
        foreach (var clawback in clawbacks.OrderBy(c => c.Date).ThenBy(c => c.Journal))
        {
            if (owed + clawback.AmountMinorUnits > 0)
            {
                items.Add(clawback);
                owed += clawback.AmountMinorUnits;
            }
        }
    }

    /// <summary>Moves a statement from <see cref="SettlementStatus.Owed"/> to <see cref="SettlementStatus.Invoiced"/>
    /// with the hub's invoice or the fund's donation-receipt reference.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="statementId">The statement.</param>
    /// <param name="reference">The invoice or receipt reference.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The statement.</returns>
    public Task<CommandResult<SettlementStatement>> MarkInvoicedAsync(LedgerId ledger, string statementId, string reference, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        return _commands.RunAsync(CommandEnvelope.For(ledger, "statement-invoice", idempotencyKey, statementId, reference),
            (state, ct) => PlanMarkInvoicedAsync(ledger, state, statementId, reference, ct), cancellationToken);
    }

    private async Task<CommandPlan<SettlementStatement>> PlanMarkInvoicedAsync(LedgerId ledger, LedgerState state, string statementId, string reference, CancellationToken cancellationToken)
    {
        var statement = await _store.GetStatementAsync(ledger, statementId, cancellationToken).ConfigureAwait(false);
        if (statement is null)
        {
            return CommandPlan<SettlementStatement>.Refused(EconomyErrorCodes.StatementNotFound, $"Ledger '{ledger}' has no statement {statementId}.", "statement");
        }

        if (string.IsNullOrWhiteSpace(reference) || reference.Length > 100 || ControlCharacters.In(reference))
        {
            return CommandPlan<SettlementStatement>.Refused(EconomyErrorCodes.InvoiceReferenceRequired, "An invoice or donation-receipt reference (at most 100 characters) is required.", "reference");
        }

        if (statement.Status != SettlementStatus.Owed)
        {
            return CommandPlan<SettlementStatement>.Refused(EconomyErrorCodes.StatusInvalid, $"Statement {statementId} is {statement.Status}; only an owed statement can be invoiced.", "status");
        }

        var invoiced = statement with { Status = SettlementStatus.Invoiced, InvoiceReference = reference };
        return CommandPlan<SettlementStatement>.WithoutJournals(_store.Encode(new EconomyChanges { Statements = [invoiced] }), invoiced);
    }
}
