using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>
    /// The hub or the community fund pays back to a provider every share it owes after refunds of sales whose shares
    /// were already on a statement, and that no statement has netted yet. The payment journal moves the money from the
    /// counterparty's bank to the provider's (hub Dr 2241.03 / Cr 1002.01, or fund Dr 2209.03 / Cr 1002.02; provider
    /// Dr 1002.01 / Cr its clawback receivable), and a settled repayment statement records which items it paid, so no
    /// later statement nets them again. Refused when nothing is owed back, when the counterparty's bank does not hold
    /// the money (<c>payment.insufficient_funds</c>), and for the fund beyond the cash not held for restrictions or
    /// agency (<c>repayment.exceeds_unrestricted_funds</c>).
    /// </summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="provider">The provider repaid.</param>
    /// <param name="counterparty">The hub or community-fund entity that repays.</param>
    /// <param name="date">The payment date.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The repayment, a settled statement whose items are the clawbacks it paid.</returns>
    public Task<CommandResult<SettlementStatement>> RepayAsync(LedgerId ledger, EntityId provider, EntityId counterparty, LocalDate date, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var envelope = CommandEnvelope.For(ledger, "repay", idempotencyKey, provider.Value, counterparty.Value, Iso(date));
        return ExecuteAsync(envelope, (state, ct) => PlanRepaymentAsync(state, provider, counterparty, date, ct),
            async (l, journals, ct) => (await _store.ListStatementsAsync(l, provider, ct).ConfigureAwait(false)).FirstOrDefault(s => s.SettlementJournal == journals[0].Id),
            cancellationToken);
    }

    private async Task<Plan<SettlementStatement>> PlanRepaymentAsync(LedgerState state, EntityId provider, EntityId counterparty, LocalDate date, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var errors = new List<PostingError>();
        var accounts = ProviderOf(state, provider, "provider", errors);
        var kind = counterparty.Value is null ? null : state.Definition.FindEntity(counterparty)?.Kind;
        if (kind is not (EntityKind.Hub or EntityKind.CommunityFund))
        {
            errors.Add(new PostingError(EconomyErrorCodes.CounterpartyInvalid, $"'{counterparty}' is not a hub or community-fund entity of ledger '{ledger}'.", "counterparty"));
        }

        if (errors.Count > 0)
        {
            return Plan<SettlementStatement>.Refused(errors);
        }

        var toHub = kind == EntityKind.Hub;
        var statements = await _store.ListStatementsAsync(ledger, provider, ct).ConfigureAwait(false);
        var items = await ClawbacksOwedBackAsync(ledger, provider, counterparty, toHub, date, statements, ct).ConfigureAwait(false);
        var amount = Money.FromMinorUnits(-items.Sum(i => i.AmountMinorUnits), Currency.CNY);
        if (!amount.IsPositive)
        {
            return Plan<SettlementStatement>.Refused(EconomyErrorCodes.NothingOwedBack,
                $"'{counterparty}' owes '{provider}' nothing back through {Iso(date)} that a statement has not already netted.", "counterparty");
        }

        var bank = toHub ? ProviderAccounts.Hub.Bank : ProviderAccounts.Fund.Bank;
        if (await RepaymentFundsRefusalAsync(ledger, counterparty, toHub, bank, amount, ct).ConfigureAwait(false) is { } refusal)
        {
            return Plan<SettlementStatement>.Refused([refusal]);
        }

        var draft = RepaymentDraft(accounts!, provider, counterparty, toHub, bank, date, amount, items.Count);
        var number = statements.Count(s => s.IsRepayment && s.CounterpartyEntity == counterparty) + 1;
        return new Plan<SettlementStatement>([draft], journals =>
        {
            var repayment = new SettlementStatement
            {
                Id = $"{provider}.{counterparty}.repayment-{number}",
                Provider = provider,
                Counterparty = toHub ? DistributionParty.Hub : DistributionParty.CommunityFund,
                CounterpartyEntity = counterparty,
                Period = new YearMonth(date.Year, date.Month),
                Items = [.. items.OrderBy(i => i.Date).ThenBy(i => i.Journal)],
                Status = SettlementStatus.Settled,
                SettlementJournal = journals[0].Id,
                IsRepayment = true,
            };
            return (new EconomyChanges { Statements = [repayment] }, repayment);
        });
    }

    /// <summary>The shares the counterparty gave back after refunds through <paramref name="date"/> (its clawbacks) that no
    /// statement has netted yet, as negative statement items.</summary>
    private async Task<List<StatementItem>> ClawbacksOwedBackAsync(
        LedgerId ledger, EntityId provider, EntityId counterparty, bool toHub, LocalDate date, IReadOnlyList<SettlementStatement> statements, CancellationToken ct)
    {
        var taken = statements.Where(s => s.CounterpartyEntity == counterparty).SelectMany(s => s.Items).Where(i => i.AmountMinorUnits < 0).Select(i => i.Journal).ToHashSet();
        var policies = (await _store.GetPoliciesAsync(ledger, ct).ConfigureAwait(false)).ToDictionary(p => p.Reference);
        var items = new List<StatementItem>();
        await foreach (var sale in SaleDistributions.ReadAllAsync(_store, ledger, provider, ct).ConfigureAwait(false))
        {
            if (sale.Distributions.IsEmpty || CounterpartyOf(policies[sale.Distributions[0].PolicyReference], toHub ? DistributionParty.Hub : DistributionParty.CommunityFund) != counterparty)
            {
                continue;
            }

            foreach (var refund in sale.Refunds.Where(r => r.Date <= date && !taken.Contains(r.Journal)))
            {
                var owedBack = toHub ? refund.HubClawback : refund.FundClawback;
                if (owedBack > 0)
                {
                    items.Add(new StatementItem(sale.Id, refund.Journal, refund.Date, -owedBack) { Clawback = true, VatMinorUnits = toHub ? -refund.HubVatReversed : 0 });
                }
            }
        }

        return items;
    }

    /// <summary>The refusal when the counterparty's bank does not hold the money, or, for the fund, the money is not its
    /// own (held for restrictions or agency); else <c>null</c>.</summary>
    private async Task<PostingError?> RepaymentFundsRefusalAsync(LedgerId ledger, EntityId counterparty, bool toHub, AccountCode bank, Money amount, CancellationToken ct)
    {
        var balances = await _ledgers.GetBalancesAsync(ledger, counterparty, null, ct).ConfigureAwait(false);
        if (Payments.CheckFunds(balances, counterparty, bank, amount, "counterparty") is { } insufficient)
        {
            return insufficient;
        }

        if (toHub)
        {
            return null;
        }

        var restrictions = await RestrictionBalances.ComputeAsync(_ledgers, ledger, counterparty, null, ct).ConfigureAwait(false);
        var position = CashPositions.Of(counterparty, restrictions, balances);
        return position.Available < amount
            ? new PostingError(EconomyErrorCodes.RepaymentExceedsUnrestricted,
                $"Repaying {amount} exceeds the fund's unrestricted money: cash {position.Cash}, held for restrictions {position.Restricted}, for agency {position.Agency}, available {position.Available}.",
                "counterparty") { Figures = position.Figures() }
            : null;
    }

    /// <summary>The repayment: the counterparty's bank to the provider's, against what it owes back and the provider's
    /// clawback receivable.</summary>
    private static JournalDraft RepaymentDraft(
        ProviderAccounts accounts, EntityId provider, EntityId counterparty, bool toHub, AccountCode bank, LocalDate date, Money amount, int items)
    {
        var dueBack = toHub ? ProviderAccounts.Hub.DueBackToProvider : ProviderAccounts.FundGivesBack.DueBackToProvider;
        var receivable = toHub ? accounts.ClawbackFromHub : accounts.ClawbackFromFund;
        return new JournalDraft(date, JournalKind.Settlement, $"Repayment by {counterparty} to {provider} of shares given back after refunds",
        [
            new LineDraft(counterparty, dueBack, Side.Debit, amount).With(DimensionNames.Counterparty, provider.Value),
            // Given back where it was received or paid: the hub's fee (netted against its sales), the provider's purchase of
            // it; the fund's levy given back (an expense of the fund) and received back by the provider.
            new LineDraft(counterparty, bank, Side.Credit, amount).WithCashFlow(toHub ? CashFlowItem.ServicesSold : CashFlowItem.OtherOperatingPayments),
            new LineDraft(provider, accounts.Bank, Side.Debit, amount).WithCashFlow(toHub ? CashFlowItem.PurchasesPaid : CashFlowItem.OtherOperatingPayments),
            new LineDraft(provider, receivable, Side.Credit, amount).With(DimensionNames.Counterparty, counterparty.Value!),
        ])
        {
            SourceReference = $"repayment:{provider}.{counterparty}",
            Metadata = JournalMetadata.From(("repayment.items", items.ToString(CultureInfo.InvariantCulture)), ("repayment.amount", Fen(amount.MinorUnits))),
        };
    }
}
