using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>Moves money in transit to the bank: Dr bank (amount − fee), Dr the profile's fee account (fee) / Cr the
    /// channel's in-transit account (amount). Refused beyond what the channel holds in transit
    /// (<c>payment.insufficient_funds</c>). Statement-driven matching (the channels' bills) builds on this command.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="request">The clearing.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result with the clearing journal.</returns>
    public Task<CommandResult<Journal>> ClearAsync(LedgerId ledger, ClearingRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var envelope = CommandEnvelope.For(ledger, "clearing", idempotencyKey, request.Entity.Value, request.Channel, Iso(request.Date), request.Amount, request.Fee);
        return ExecuteAsync(envelope, (state, ct) => PlanClearingAsync(state, request, ct),
            (_, journals, _) => Task.FromResult<Journal?>(journals[0]), cancellationToken);
    }

    private async Task<Plan<Journal>> PlanClearingAsync(LedgerState state, ClearingRequest request, CancellationToken ct)
    {
        var errors = new List<PostingError>();
        var entity = request.Entity.Value is null ? null : state.Definition.FindEntity(request.Entity);
        var accounts = entity is null ? null : ProviderAccounts.For(entity.Profile);
        if (accounts is null)
        {
            errors.Add(new PostingError(EconomyErrorCodes.ClearingInvalid,
                entity is null ? $"Ledger '{state.Definition.Id}' has no entity '{request.Entity}'." : $"'{request.Entity}' keeps {entity.Profile} books, which hold no money.", "entity"));
        }

        if (request.Channel is not (PaymentChannel.WeChatPay or PaymentChannel.Alipay))
        {
            errors.Add(new PostingError(EconomyErrorCodes.ClearingInvalid, "Only money in transit clears: the channel is weChatPay or alipay.", "channel"));
        }

        if (!PackageRules.IsCny(request.Amount) || !request.Amount.IsPositive)
        {
            errors.Add(new PostingError(EconomyErrorCodes.ClearingInvalid, "The amount cleared is a positive amount in CNY.", "amount"));
        }
        else if (!PackageRules.IsCny(request.Fee) || request.Fee.IsNegative || request.Fee >= request.Amount)
        {
            errors.Add(new PostingError(EconomyErrorCodes.ClearingInvalid, $"The fee is in CNY, not negative and less than the amount cleared ({request.Amount}).", "fee"));
        }

        if (errors.Count > 0)
        {
            return Plan<Journal>.Refused(errors);
        }

        var inTransit = accounts!.For(request.Channel);
        var balances = await _ledgers.GetBalancesAsync(state.Definition.Id, request.Entity, null, ct).ConfigureAwait(false);
        if (Payments.CheckFunds(balances, request.Entity, inTransit, request.Amount, "amount") is { } insufficient)
        {
            return Plan<Journal>.Refused([insufficient]);
        }

        var draft = ClearingDraft(entity!, accounts, request);
        return new Plan<Journal>([draft], journals => (new EconomyChanges(), journals[0]));
    }

    /// <summary>The clearing journal: Dr bank (amount − fee), Dr the profile's fee account (<see cref="ProviderAccounts.ChannelFees"/>:
    /// 5301 筹资费用 for 民非, 5603 财务费用 for 小企业) / Cr the channel's in-transit account. The money reaching the bank is a
    /// transfer between cash accounts, no cash flow; the fee is cash paid out (支付的其他与业务（经营）活动有关的现金), on a
    /// line of its own.</summary>
    private static JournalDraft ClearingDraft(AccountingEntity entity, ProviderAccounts accounts, ClearingRequest request)
    {
        var inTransit = accounts.For(request.Channel);
        var bank = entity.Kind == EntityKind.CommunityFund && entity.Profile == AccountingProfile.NpoCn ? ProviderAccounts.Fund.Bank : accounts.Bank;
        var received = request.Amount - request.Fee;
        var lines = new List<LineDraft> { new(request.Entity, bank, Side.Debit, received) };
        if (request.Fee.IsPositive)
        {
            lines.Add(new LineDraft(request.Entity, accounts.ChannelFees, Side.Debit, request.Fee).With(DimensionNames.Counterparty, ChannelName(request.Channel)));
        }

        if (received.IsPositive)
        {
            lines.Add(new LineDraft(request.Entity, inTransit, Side.Credit, received));
        }

        if (request.Fee.IsPositive)
        {
            lines.Add(new LineDraft(request.Entity, inTransit, Side.Credit, request.Fee).WithCashFlow(CashFlowItem.OtherOperatingPayments));
        }
        return new JournalDraft(request.Date, JournalKind.Clearing, $"{ChannelName(request.Channel)} cleared to {bank}: {request.Amount} less fee {request.Fee}", [.. lines])
        {
            SourceReference = $"clearing:{ChannelName(request.Channel)}",
            Metadata = JournalMetadata.From(("clearing.channel", ChannelName(request.Channel)), ("clearing.amount", Fen(request.Amount.MinorUnits)), ("clearing.fee", Fen(request.Fee.MinorUnits))),
        };
    }

    private static string ChannelName(PaymentChannel channel) => channel == PaymentChannel.WeChatPay ? "wechat-pay" : "alipay";
}
