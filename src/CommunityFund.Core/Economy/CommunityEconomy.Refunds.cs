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

        if (CheckRefund(sale, request) is { } refused)
        {
            return refused;
        }

        var accounts = ProviderAccounts.For(state.Definition.FindEntity(sale.Request.Provider)!)!;
        if (request.Channel is { } asked && !Enum.IsDefined(asked))
        {
            return Plan<SaleRecord>.Refused(EconomyErrorCodes.RefundInvalid, "Unknown payment channel.", "channel");
        }

        var channel = accounts.For(request.Channel ?? sale.Request.Channel);
        var metadata = JournalMetadata.From(("sale.id", sale.Id.ToString()), ("refund.amount", Fen(request.Amount.MinorUnits)));

        // No session memo is reversed: M500.02 holds sessions delivered only (at sale, or per delivery for a prepaid sale,
        // whose undelivered sessions were never booked), and a refund does not undo a delivery.

        return sale.Request.Prepaid
            ? PlanPrepaidRefund(sale, request, accounts, channel, metadata)
            : await PlanDistributedRefundAsync(state, sale, request, accounts, channel, metadata, ct).ConfigureAwait(false);
    }

    /// <summary>The refusal of a refund the sale cannot take (its amount, date and reason; more than is refundable,
    /// or for a prepaid sale anything but its whole undelivered rest), or <c>null</c>.</summary>
    private static Plan<SaleRecord>? CheckRefund(SaleRecord sale, RefundRequest request)
    {
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

        return null;
    }

    /// <summary>A prepaid sale's undelivered rest, refunded: nothing of it was recognised or distributed.</summary>
    private static Plan<SaleRecord> PlanPrepaidRefund(SaleRecord sale, RefundRequest request, ProviderAccounts accounts, AccountCode channel, ImmutableSortedDictionary<string, string> metadata)
    {
        var provider = sale.Request.Provider;
        var prepaidDraft = new JournalDraft(request.Date, JournalKind.Refund, $"Refund of the undelivered rest of sale {sale.Id}: {request.Reason}",
        [
            new LineDraft(provider, accounts.PrepaidPackages, Side.Debit, request.Amount).With(DimensionNames.Tier, TierName(sale.Request.Tier)).With(DimensionNames.Programme, sale.Request.PackageId),
            new LineDraft(provider, channel, Side.Credit, request.Amount).WithCashFlow(CashFlowItem.ServicesSold),
        ])
        { SourceReference = $"sale:{sale.Id}", Metadata = metadata };
        return new Plan<SaleRecord>([prepaidDraft], journals =>
        {
            var refund = new RefundRecord(journals[0].Id, request.Date, request.Amount, Money.Zero(Currency.CNY), SharePartition.Zero, 0);
            var record = sale with { Refunds = sale.Refunds.Add(refund) };
            return (new EconomyChanges { Sales = [record] }, record);
        });
    }

    /// <summary>A refund of a recognised sale: the revenue and VAT given back, and the distributed shares reversed in
    /// proportion.</summary>
    private async Task<Plan<SaleRecord>> PlanDistributedRefundAsync(
        LedgerState state, SaleRecord sale, RefundRequest request, ProviderAccounts accounts, AccountCode channel, ImmutableSortedDictionary<string, string> metadata, CancellationToken ct)
    {
        var ledger = state.Definition.Id;
        var split = SplitRefund(sale, request.Amount);
        var provider = sale.Request.Provider;
        var reversal = new RefundReversal(split.Reversed);
        reversal.Lines.AddRange(RevenueLines(accounts, provider, channel, Side.Credit, request.Amount, split.Base, split.Vat, TierName(sale.Request.Tier), sale.Request.PackageId));
        var distributed = sale.Distributed;
        var policy = distributed.Total > 0
            ? (await _store.GetPoliciesAsync(ledger, ct).ConfigureAwait(false)).First(p => p.Reference == sale.Distributions[0].PolicyReference)
            : null;
        // Only the statements that billed the sale's shares are read (ADR 0036), not every statement of the provider.
        var billed = await BilledStatements.FindAsync(_store, ledger, policy is null ? [] : [(provider, sale.Distributions[0].Journal)], ct).ConfigureAwait(false);

        // The reversal keeps the distribution's dimensions: counterparty, and the policy it was distributed under as the
        // agreement, so a share and its reversal meet under the same keys in every report.
        var agreement = $"policy:{sale.Distributions.FirstOrDefault()?.PolicyReference}";
        if (policy is not null && reversal.Reversed.Hub > 0)
        {
            var tax = HubFeeTaxOf(state.Definition, provider, policy.Hub);
            reversal.HubVat = tax is null ? 0 : HubVatReversed(sale, reversal.Reversed.Hub);
            ReverseHubShare(reversal, accounts, provider, policy, tax, BilledOn(billed, sale, policy.Hub, DistributionParty.Hub) is not null, agreement);
        }

        if (policy is not null && reversal.Reversed.Fund > 0)
        {
            ReverseFundShare(reversal, accounts, provider, policy, BilledOn(billed, sale, policy.Fund, DistributionParty.CommunityFund), agreement);
        }

        var draft = new JournalDraft(request.Date, JournalKind.Refund, $"Refund {request.Amount} of sale {sale.Id}: {request.Reason}", [.. reversal.Lines])
        {
            SourceReference = $"sale:{sale.Id}",
            Metadata = metadata
                .SetItem("refund.base", Fen(split.Base.MinorUnits))
                .SetItem("refund.reversed", $"provider={reversal.Reversed.Provider};hub={reversal.Reversed.Hub};fund={reversal.Reversed.Fund}")
                .SetItem("refund.absorbed", Fen(reversal.Absorbed))
                .SetItems(reversal.HubVat > 0 ? [new("refund.hub_vat", Fen(reversal.HubVat))] : [])
                .SetItem("refund.carry", string.Join(",", split.TaxCarry.Concat(split.PartyCarry).Select(c => c.ToString(CultureInfo.InvariantCulture)))),
        };
        return new Plan<SaleRecord>([draft], journals =>
        {
            var refund = new RefundRecord(journals[0].Id, request.Date, request.Amount, split.Base, reversal.Reversed, reversal.Absorbed)
            {
                HubStatementItem = reversal.HubItem,
                FundStatementItem = reversal.FundItem,
                HubClawback = reversal.HubClawback,
                FundClawback = reversal.FundClawback,
                HubVatReversed = reversal.HubVat,
            };
            var record = sale with { Refunds = sale.Refunds.Add(refund), RefundCarry = [.. split.TaxCarry, .. split.PartyCarry] };
            return (new EconomyChanges { Sales = [record] }, record);
        });
    }

    /// <summary>Splits the refund into revenue and VAT, then the revenue part over the parties, each with the sale's
    /// carries, so the refunds never reverse more than was distributed and the last one takes the exact remainders.</summary>
    private static RefundSplit SplitRefund(SaleRecord sale, Money amount)
    {
        var vat = sale.Amount - sale.Base;
        var (taxSplit, taxCarry) = CarryForwardAllocator.Allocate(amount.MinorUnits, [sale.Base.MinorUnits, vat.MinorUnits], [sale.RefundCarry[0], sale.RefundCarry[1]]);
        var refundBase = Money.FromMinorUnits(taxSplit[0], Currency.CNY);
        var refundVat = Money.FromMinorUnits(taxSplit[1], Currency.CNY);
        var distributed = sale.Distributed;
        var reversed = SharePartition.Zero;
        long[] partyCarry = [sale.RefundCarry[2], sale.RefundCarry[3], sale.RefundCarry[4]];
        if (distributed.Total > 0)
        {
            var (parts, nextCarry) = CarryForwardAllocator.Allocate(refundBase.MinorUnits, [distributed.Provider, distributed.Hub, distributed.Fund], partyCarry);
            reversed = new SharePartition(parts[0], parts[1], parts[2]);
            partyCarry = nextCarry;
        }

        return new RefundSplit(refundBase, refundVat, reversed, taxCarry, partyCarry);
    }

    /// <summary>The hub's share reversed. A share not yet on any statement reduces the payable (the next statement nets
    /// it); one already billed is given back by the hub: a receivable of the provider (其他应收款) and a payable of the
    /// hub (其他应付款).</summary>
    private static void ReverseHubShare(RefundReversal reversal, ProviderAccounts accounts, EntityId provider, DistributionPolicy policy, HubFeeTax? tax, bool billed, string agreement)
    {
        var lineAccounts = new HubFeeLineAccounts(accounts.HubShareExpense, billed ? accounts.ClawbackFromHub : accounts.DueToHub, billed ? ProviderAccounts.Hub.DueBackToProvider : ProviderAccounts.Hub.Receivable, tax);
        reversal.Lines.AddRange(HubFeeLines(lineAccounts, provider, policy.Hub, reversal.Reversed.Hub, reversal.HubVat, Side.Credit, agreement));
        (reversal.HubItem, reversal.HubClawback) = billed ? (0L, reversal.Reversed.Hub) : (reversal.Reversed.Hub, 0L);
    }

    /// <summary>The fund's share reversed: absorbed by the provider, given back by the fund when already billed, or
    /// taken off the payable when not.</summary>
    private static void ReverseFundShare(RefundReversal reversal, ProviderAccounts accounts, EntityId provider, DistributionPolicy policy, SettlementStatement? billedOn, string agreement)
    {
        var fund = Money.FromMinorUnits(reversal.Reversed.Fund, Currency.CNY);
        var lines = reversal.Lines;
        if (billedOn is not null && policy.FundRefund == FundRefundRule.AbsorbedByProvider)
        {
            reversal.Absorbed = reversal.Reversed.Fund;
            reversal.Reversed = reversal.Reversed with { Fund = 0 };
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
            reversal.FundClawback = reversal.Reversed.Fund;
        }
        else
        {
            lines.Add(new LineDraft(provider, accounts.DueToFund, Side.Debit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
            lines.Add(new LineDraft(provider, accounts.FundShareExpense, Side.Credit, fund).With(DimensionNames.Counterparty, policy.Fund.Value).With(DimensionNames.Agreement, agreement));
            reversal.FundItem = reversal.Reversed.Fund;
        }
    }

    /// <summary>A refund split: its revenue and VAT parts, the shares it reverses, and the carries after it.</summary>
    private sealed record RefundSplit(Money Base, Money Vat, SharePartition Reversed, long[] TaxCarry, long[] PartyCarry);

    /// <summary>A refund's journal lines and what it reverses of the distribution, as they are worked out.</summary>
    private sealed class RefundReversal(SharePartition reversed)
    {
        internal List<LineDraft> Lines { get; } = [];

        internal SharePartition Reversed { get; set; } = reversed;

        internal long HubItem { get; set; }

        internal long FundItem { get; set; }

        internal long HubClawback { get; set; }

        internal long FundClawback { get; set; }

        internal long Absorbed { get; set; }

        internal long HubVat { get; set; }
    }

    /// <summary>The statement (of any status) that carries the sale's first distributed share to
    /// <paramref name="counterparty"/>, or <c>null</c> when no statement does yet.</summary>
    private static SettlementStatement? BilledOn(Dictionary<(JournalId Journal, DistributionParty Party), SettlementStatement> billed, SaleRecord sale, EntityId counterparty, DistributionParty party) =>
        billed.TryGetValue((sale.Distributions[0].Journal, party), out var statement) && statement.CounterpartyEntity == counterparty && !statement.IsRepayment ? statement : null;
}
