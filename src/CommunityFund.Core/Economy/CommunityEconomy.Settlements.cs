using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
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
        var envelope = CommandEnvelope.For(ledger, "settle", idempotencyKey, statementId, Iso(date));
        return ExecuteAsync(envelope, (state, ct) => PlanSettlementAsync(state, statementId, date, ct),
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

        var lines = SettlementLines(statement, accounts, payable, owed, netted);
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

    /// <summary>The settlement's lines: the provider pays the payable from its bank, netting the shares given back after
    /// billing against its receivable; the hub's or fund's side mirrors it (the fund recognising its share as restricted
    /// donation revenue).</summary>
    private static List<LineDraft> SettlementLines(SettlementStatement statement, ProviderAccounts accounts, AccountCode payable, Money owed, Money netted)
    {
        var amount = statement.Amount;
        var toHub = statement.Counterparty == DistributionParty.Hub;
        var provider = statement.Provider;
        var counterparty = statement.CounterpartyEntity;
        var receivable = toHub ? accounts.ClawbackFromHub : accounts.ClawbackFromFund;
        var lines = new List<LineDraft>
        {
            new LineDraft(provider, payable, Side.Debit, owed).With(DimensionNames.Counterparty, counterparty.Value),
            // The hub's share pays for its platform and incubation service; the fund's is a levy (ADR 0011).
            new LineDraft(provider, accounts.Bank, Side.Credit, amount).WithCashFlow(toHub ? CashFlowItem.PurchasesPaid : CashFlowItem.OtherOperatingPayments),
        };
        if (netted.IsPositive)
        {
            lines.Add(new LineDraft(provider, receivable, Side.Credit, netted).With(DimensionNames.Counterparty, counterparty.Value));
        }

        if (toHub)
        {
            lines.Add(new LineDraft(counterparty, ProviderAccounts.Hub.Bank, Side.Debit, amount).WithCashFlow(CashFlowItem.ServicesSold));
            if (netted.IsPositive)
            {
                lines.Add(new LineDraft(counterparty, ProviderAccounts.Hub.DueBackToProvider, Side.Debit, netted).With(DimensionNames.Counterparty, provider.Value));
            }

            lines.Add(new LineDraft(counterparty, ProviderAccounts.Hub.Receivable, Side.Credit, owed).With(DimensionNames.Counterparty, provider.Value));
        }
        else
        {
            lines.Add(new LineDraft(counterparty, ProviderAccounts.Fund.Bank, Side.Debit, amount).WithCashFlow(CashFlowItem.DonationsReceived));
            if (netted.IsPositive)
            {
                lines.Add(new LineDraft(counterparty, ProviderAccounts.FundGivesBack.DueBackToProvider, Side.Debit, netted).With(DimensionNames.Counterparty, provider.Value));
            }

            lines.Add(new LineDraft(counterparty, ProviderAccounts.Fund.RestrictedDonations, Side.Credit, owed)
                .With(DimensionNames.Restriction, statement.FundRestriction ?? "community-fund-share").With(DimensionNames.Counterparty, provider.Value));
        }

        return lines;
    }

    private static EntityId CounterpartyOf(DistributionPolicy policy, DistributionParty party) => party == DistributionParty.Hub ? policy.Hub : policy.Fund;
}
