using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Economy;

public sealed partial class CommunityEconomy
{
    /// <summary>Matches an entity's stored statement rows of a channel with its sales and refunds, and the channel's
    /// payouts with its bank credits (<see cref="PaymentMatcher"/>). Recorded, the matches are kept as records and each
    /// settlement batch posts its clearing journal in the same command (Dr bank, Dr the profile's fee account
    /// <see cref="ProviderAccounts.ChannelFees"/> / Cr in transit), so matches and journals are atomic; a batch the
    /// in-transit account cannot cover is left unmatched. Nothing is posted for unmatched rows. A dry run answers what
    /// would match and records nothing.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="channel">WeChat Pay, Alipay or Bank.</param>
    /// <param name="dryRun"><c>true</c> to record nothing.</param>
    /// <param name="options">The tolerances, or <c>null</c> for the defaults.</param>
    /// <param name="by">Who asks (kept on the matches).</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The matches and what is left unmatched on each side.</returns>
    public async Task<CommandResult<MatchResult>> MatchAsync(LedgerId ledger, EntityId entity, PaymentChannel channel, bool dryRun, MatchOptions? options = null,
        string? by = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        options ??= new MatchOptions();
        if (dryRun)
        {
            var state = await _ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                return CommandResult<MatchResult>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.");
            }

            var planned = await PlanMatchAsync(state, entity, channel, options, by, cancellationToken).ConfigureAwait(false);
            return planned.Errors.IsEmpty
                ? new CommandResult<MatchResult>(PostingOutcome.Created, planned.Result! with { DryRun = true }, [], [])
                : CommandResult<MatchResult>.Rejected(planned.Errors);
        }

        var envelope = CommandEnvelope.For(ledger, "payment-match", idempotencyKey, entity.Value, channel, options.ToleranceMinutes, options.SettlementWindowDays, options.MaxSettlementDays);
        return await ExecuteAsync(envelope, async (state, ct) => (await PlanMatchAsync(state, entity, channel, options, by, ct).ConfigureAwait(false)).Plan,
            (_, journals, _) => Task.FromResult<MatchResult?>(new MatchResult([], [], []) { Clearings = [.. journals.Select(j => j.Id)] }), cancellationToken).ConfigureAwait(false);
    }

    private async Task<(Plan<MatchResult> Plan, MatchResult? Result, ImmutableArray<PostingError> Errors)> PlanMatchAsync(
        LedgerState state, EntityId entity, PaymentChannel channel, MatchOptions options, string? by, CancellationToken ct)
    {
        var found = entity.Value is null ? null : state.Definition.FindEntity(entity);
        var accounts = found is null ? null : ProviderAccounts.For(found.Profile);
        var problem = accounts is null ? new PostingError(EconomyErrorCodes.PaymentMatchInvalid, $"'{entity}' is not an entity of ledger '{state.Definition.Id}' that keeps money.", "entity")
            : channel is not (PaymentChannel.WeChatPay or PaymentChannel.Alipay or PaymentChannel.Bank) ? new PostingError(EconomyErrorCodes.PaymentMatchInvalid, "Statements are matched for weChatPay, alipay or bank.", "channel")
            : options.ToleranceMinutes is < 0 or > 43_200 || options.SettlementWindowDays is < 0 or > 31 || options.MaxSettlementDays is < 1 or > 31
                ? new PostingError(EconomyErrorCodes.PaymentMatchInvalid, "The tolerance is 0–43,200 minutes, the settlement window 0–31 days, a batch 1–31 days.", "toleranceMinutes")
            : null;
        if (problem is not null)
        {
            return (Plan<MatchResult>.Refused([problem]), null, [problem]);
        }

        var now = _clock.GetCurrentInstant();
        var stamp = new MatchStamp(() => Guid.CreateVersion7(now.ToDateTimeOffset()).ToString("n"), by, now);
        var (result, bankRows) = await MatchStoredAsync(state.Definition.Id, entity, channel, options, now.InZone(state.Definition.TimeZone).Date, stamp, ct).ConfigureAwait(false);
        var matches = result.Matches.ToList();
        var fundable = await FundableSettlementsAsync(state.Definition.Id, entity, accounts!.For(channel), matches, ct).ConfigureAwait(false);
        var refusedSettlements = matches.Where(m => m.Rule == MatchRule.Settlement && !fundable.Contains(m)).ToHashSet();
        matches.RemoveAll(refusedSettlements.Contains);
        var drafts = fundable.Select(m => ClearingDraft(found!, accounts, new ClearingRequest(entity, channel, m.Date, m.Amount, m.Fee))).ToImmutableArray();
        var answered = result with
        {
            Matches = [.. matches],
            UnmatchedRows = [.. result.UnmatchedRows, .. bankRows.Where(r => refusedSettlements.Any(m => m.Rows.Contains(PaymentMatcher.RowKey(r)))).Select(r => new UnmatchedRow(PaymentMatcher.RowKey(r), r, 0))],
        };
        var plan = new Plan<MatchResult>(drafts, journals =>
        {
            var clearings = fundable.Select((m, i) => (m.Id, journals[i].Id)).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
            var recorded = matches.Select(m => clearings.TryGetValue(m.Id, out var journal) ? m with { Clearing = journal } : m).ToImmutableArray();
            var changes = new EconomyChanges { Matches = recorded };
            return (changes, answered with { Matches = recorded, Clearings = [.. journals.Select(j => j.Id)] });
        });
        return (plan, answered, []);
    }


    /// <summary>The settlement matches whose clearing the in-transit account covers, in order (the others stay unmatched).</summary>
    private async Task<List<PaymentMatch>> FundableSettlementsAsync(LedgerId ledger, EntityId entity, AccountCode inTransit, IEnumerable<PaymentMatch> matches, CancellationToken ct)
    {
        var settlements = matches.Where(m => m.Rule == MatchRule.Settlement).ToList();
        if (settlements.Count == 0)
        {
            return [];
        }

        var balances = await _ledgers.GetBalancesAsync(ledger, entity, null, ct).ConfigureAwait(false);
        var held = balances.Where(b => b.Entity == entity && b.Account == inTransit && b.Unit == Currency.CNY).Sum(b => b.DebitMinorUnits - b.CreditMinorUnits);
        var fundable = new List<PaymentMatch>();
        foreach (var settlement in settlements.Where(s => s.Amount.IsPositive && !s.Fee.IsNegative && s.Fee < s.Amount))
        {
            if (settlement.Amount.MinorUnits <= held)
            {
                held -= settlement.Amount.MinorUnits;
                fundable.Add(settlement);
            }
        }

        return fundable;
    }

    /// <summary>Matches the entity's stored sales and refunds, statement rows and matches (<see cref="PaymentMatcher"/>);
    /// answers the result and the entity's bank rows (a refused settlement's row is listed unmatched). The sales and the
    /// channel's rows are let go on return, before the matches are recorded.</summary>
    private async Task<(MatchResult Result, List<StatementRow> BankRows)> MatchStoredAsync(LedgerId ledger, EntityId entity, PaymentChannel channel, MatchOptions options,
        LocalDate asOf, MatchStamp stamp, CancellationToken ct)
    {
        var (book, rows, existing) = await ReconciliationInputsAsync(ledger, entity, ct).ConfigureAwait(false);
        var result = PaymentMatcher.Match(entity, channel, book, rows, existing, options, asOf, stamp);
        return (result, [.. rows.Where(r => r.Channel == PaymentChannel.Bank)]);
    }

    /// <summary>The entity's sales and refunds, stored statement rows and matches.</summary>
    private async Task<(IReadOnlyList<BookPayment> Book, IReadOnlyList<StatementRow> Rows, IReadOnlyList<PaymentMatch> Matches)> ReconciliationInputsAsync(LedgerId ledger, EntityId? entity, CancellationToken ct)
    {
        var book = await _store.ListBookPaymentsAsync(ledger, entity, ct).ConfigureAwait(false);
        var rows = await _store.ReadStatementRowsAsync(ledger, entity?.Value, ct).ConfigureAwait(false);
        var matches = await _store.ReadRecordsAsync(ledger, EconomyRecords.PaymentMatch, entity?.Value, ct).ConfigureAwait(false);
        return (book, rows, matches);
    }
}
