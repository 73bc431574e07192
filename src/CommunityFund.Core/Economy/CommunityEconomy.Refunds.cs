using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    private async Task<Plan<SaleRecord>> PlanRefundAsync(LedgerState state, RefundRequest request, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var sale = await _store.GetSaleAsync(ledger, request.Sale, ct).ConfigureAwait(false);
        if (sale is null)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.SaleNotFound, $"Ledger '{ledger}' has no sale {request.Sale}.", "sale");
        }

        var errors = new List<PostingError>();
        if (!PackageRules.IsCny(request.Amount) || !request.Amount.IsPositive)
        {
            errors.Add(new PostingError(EconomyErrorCodes.RefundInvalid, "A refund is a positive amount in CNY.", "amount"));
        }

        if (request.Date < sale.Request.Date)
        {
            errors.Add(new PostingError(EconomyErrorCodes.RefundInvalid, $"A refund cannot be dated before the sale ({Iso(sale.Request.Date)}).", "date"));
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > PostingLimits.MaxMemoLength)
        {
            errors.Add(new PostingError(EconomyErrorCodes.RefundInvalid, $"A refund needs a reason of at most {PostingLimits.MaxMemoLength} characters.", "reason"));
        }

        if (errors.Count > 0)
        {
            return Plan<SaleRecord>.Refused(errors);
        }

        var refundable = sale.Refundable;
        if (sale.Request.Prepaid ? request.Amount != refundable || refundable.IsZero : request.Amount > refundable)
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.RefundExceedsRefundable, sale.Request.Prepaid
                ? $"A prepaid package refunds its whole undelivered rest, {refundable}; {request.Amount} was asked."
                : $"At most {refundable} of sale {sale.Id} can still be refunded; {request.Amount} was asked.", "amount");
        }

        var accounts = ProviderAccounts.For(state.Definition.FindEntity(sale.Request.Provider)!.Profile)!;
        var provider = sale.Request.Provider;
        if (request.Channel is { } asked && !Enum.IsDefined(asked))
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.RefundInvalid, "Unknown payment channel.", "channel");
        }

        var channel = accounts.For(request.Channel ?? sale.Request.Channel);
        var metadata = JournalMetadata.From(("sale.id", sale.Id.ToString()), ("refund.amount", Fen(request.Amount.MinorUnits)));

        // No session memo is reversed: M500.02 holds sessions delivered only (at sale, or per delivery for a prepaid sale,
        // whose undelivered sessions were never booked), and a refund does not undo a delivery.

        if (sale.Request.Prepaid)
        {
            var prepaidDraft = new JournalDraft(request.Date, JournalKind.Refund, $"Refund of the undelivered rest of sale {sale.Id}: {request.Reason}",
            [
                new LineDraft(provider, accounts.PrepaidPackages, Side.Debit, request.Amount).With(DimensionNames.Tier, TierName(sale.Request.Tier)).With(DimensionNames.Programme, sale.Request.PackageId),
                new LineDraft(provider, channel, Side.Credit, request.Amount),
            ])
            { SourceReference = $"sale:{sale.Id}", Metadata = metadata };
            return new Plan<SaleRecord>([prepaidDraft], journals =>
            {
                var refund = new RefundRecord(journals[0].Id, request.Date, request.Amount, Money.Zero(Currency.CNY), SharePartition.Zero, 0);
                var record = sale with { Refunds = sale.Refunds.Add(refund) };
                return (new EconomyChanges { Sales = [record] }, record);
            });
        }

        // Split the refund into revenue and VAT, then the revenue part over the parties, each with the sale's carries,
        // so the refunds never reverse more than was distributed and the last one takes the exact remainders.
        var vat = sale.Amount - sale.Base;
        var (taxSplit, taxCarry) = CarryForwardAllocator.Allocate(request.Amount.MinorUnits, [sale.Base.MinorUnits, vat.MinorUnits], [sale.RefundCarry[0], sale.RefundCarry[1]]);
        var refundBase = Money.FromMinorUnits(taxSplit[0], Currency.CNY);
        var refundVat = Money.FromMinorUnits(taxSplit[1], Currency.CNY);
        var distributed = sale.Distributed;
        var reversal = SharePartition.Zero;
        long[] partyCarry = [sale.RefundCarry[2], sale.RefundCarry[3], sale.RefundCarry[4]];
        if (distributed.Total > 0)
        {
            var (parts, nextCarry) = CarryForwardAllocator.Allocate(refundBase.MinorUnits, [distributed.Provider, distributed.Hub, distributed.Fund], partyCarry);
            reversal = new SharePartition(parts[0], parts[1], parts[2]);
            partyCarry = nextCarry;
        }

        var tier = TierName(sale.Request.Tier);
        var lines = new List<LineDraft>(RevenueLines(accounts, provider, channel, Side.Credit, request.Amount, refundBase, refundVat, tier, sale.Request.PackageId));
        long hubItem = 0, fundItem = 0, hubClawback = 0, fundClawback = 0, absorbed = 0;
        var policy = distributed.Total > 0
            ? (await _store.GetPoliciesAsync(ledger, ct).ConfigureAwait(false)).First(p => p.Reference == sale.Distributions[0].PolicyReference)
            : null;
        var statements = policy is null ? [] : await _store.ListStatementsAsync(ledger, provider, ct).ConfigureAwait(false);

        // The reversal keeps the distribution's dimensions: counterparty, and the policy it was distributed under as the
        // agreement, so a share and its reversal meet under the same keys in every report.
        var agreement = $"policy:{sale.Distributions.FirstOrDefault()?.PolicyReference}";
        if (policy is not null && reversal.Hub > 0)
        {
            // A share not yet on any statement reduces the payable (the next statement nets it); one already billed is
            // given back by the hub: a receivable of the provider (其他应收款) and a payable of the hub (其他应付款).
            var hub = Money.FromMinorUnits(reversal.Hub, Currency.CNY);
            var billed = BilledOn(statements, sale, policy.Hub) is not null;
            lines.Add(new LineDraft(provider, billed ? accounts.ClawbackFromHub : accounts.DueToHub, Side.Debit, hub).With(DimensionNames.Counterparty, policy.Hub.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(provider, accounts.HubShareExpense, Side.Credit, hub).With(DimensionNames.Counterparty, policy.Hub.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(policy.Hub, ProviderAccounts.Hub.PlatformRevenue, Side.Debit, hub).With(DimensionNames.Counterparty, provider.Value).With(DimensionNames.Agreement, agreement).With(DimensionNames.Programme, PlatformProgramme));
            lines.Add(new LineDraft(policy.Hub, billed ? ProviderAccounts.Hub.DueBackToProvider : ProviderAccounts.Hub.Receivable, Side.Credit, hub).With(DimensionNames.Counterparty, provider.Value).With(DimensionNames.Agreement, agreement));
            (hubItem, hubClawback) = billed ? (0L, reversal.Hub) : (reversal.Hub, 0L);
        }

        if (policy is not null && reversal.Fund > 0)
        {
            var fund = Money.FromMinorUnits(reversal.Fund, Currency.CNY);
            var billedOn = BilledOn(statements, sale, policy.Fund);
            if (billedOn is not null && policy.FundRefund == FundRefundRule.AbsorbedByProvider)
            {
                absorbed = reversal.Fund;
                reversal = reversal with { Fund = 0 };
            }
            else if (billedOn is not null)
            {
                // 民非: a gift that must be given back is charged to 管理费用 (against the restriction it was received
                // under) and owed on 其他应付款 until a later statement offsets it or the fund repays it.
                var restriction = billedOn.FundRestriction ?? policy.FundRestriction;
                lines.Add(new LineDraft(provider, accounts.ClawbackFromFund, Side.Debit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
                lines.Add(new LineDraft(provider, accounts.FundShareExpense, Side.Credit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
                lines.Add(new LineDraft(policy.Fund, ProviderAccounts.FundGivesBack.Expense, Side.Debit, fund)
                    .With(DimensionNames.Restriction, restriction).With(DimensionNames.Counterparty, provider.Value).With(DimensionNames.Agreement, agreement));
                lines.Add(new LineDraft(policy.Fund, ProviderAccounts.FundGivesBack.DueBackToProvider, Side.Credit, fund).With(DimensionNames.Counterparty, provider.Value).With(DimensionNames.Agreement, agreement));
                fundClawback = reversal.Fund;
            }
            else
            {
                lines.Add(new LineDraft(provider, accounts.DueToFund, Side.Debit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
                lines.Add(new LineDraft(provider, accounts.FundShareExpense, Side.Credit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
                fundItem = reversal.Fund;
            }
        }

        var draft = new JournalDraft(request.Date, JournalKind.Refund, $"Refund {request.Amount} of sale {sale.Id}: {request.Reason}", [.. lines])
        {
            SourceReference = $"sale:{sale.Id}",
            Metadata = metadata
                .SetItem("refund.base", Fen(refundBase.MinorUnits))
                .SetItem("refund.reversed", $"provider={reversal.Provider};hub={reversal.Hub};fund={reversal.Fund}")
                .SetItem("refund.absorbed", Fen(absorbed))
                .SetItem("refund.carry", string.Join(",", taxCarry.Concat(partyCarry).Select(c => c.ToString(CultureInfo.InvariantCulture)))),
        };
        return new Plan<SaleRecord>([draft], journals =>
        {
            var refund = new RefundRecord(journals[0].Id, request.Date, request.Amount, refundBase, reversal, absorbed)
            {
                HubStatementItem = hubItem,
                FundStatementItem = fundItem,
                HubClawback = hubClawback,
                FundClawback = fundClawback,
            };
            var record = sale with { Refunds = sale.Refunds.Add(refund), RefundCarry = [.. taxCarry, .. partyCarry] };
            return (new EconomyChanges { Sales = [record] }, record);
        });
    }

    /// <summary>The statement (of any status) that carries the sale's first distributed share to
    /// <paramref name="counterparty"/>, or <c>null</c> when no statement does yet.</summary>
    private static SettlementStatement? BilledOn(IReadOnlyList<SettlementStatement> statements, SaleRecord sale, EntityId counterparty)
    {
        var journal = sale.Distributions[0].Journal;
        return statements.FirstOrDefault(s => s.CounterpartyEntity == counterparty && !s.IsRepayment && s.Items.Any(i => i.Journal == journal && i.AmountMinorUnits > 0));
    }
}
