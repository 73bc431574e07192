using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Community;

/// <summary>
/// 积分制 and 时间银行: zero-sum transfers of POINT or HOUR between memo accounts — the pool (M100 / M200), members
/// (M110 / M210, one member per line's <c>member</c> dimension) and the donated-hours pool (M120). Amounts are
/// positive, source and destination differ, caps hold and balances stay non-negative unless the rules allow it.
/// Member balances are kept as documents written with each journal, so checks never scan the journals.
/// </summary>
public sealed class TimeBank
{
    private readonly ILedgerStore _store;
    private readonly ICommandPipeline _commands;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="engine">The posting engine over it.</param>
    public TimeBank(ILedgerStore store, PostingEngine engine)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _commands = (engine ?? throw new ArgumentNullException(nameof(engine))).Commands;
    }

    /// <summary>A member's balance.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity keeping the books.</param>
    /// <param name="unit">HOUR or POINT.</param>
    /// <param name="member">The member reference.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The balance.</returns>
    public async Task<Money> BalanceAsync(LedgerId ledger, EntityId entity, Currency unit, string member, CancellationToken cancellationToken = default) =>
        Money.FromMinorUnits(await MinorBalanceAsync(ledger, entity, unit, member, cancellationToken).ConfigureAwait(false), unit);

    /// <summary>Posts a transfer under the given rules.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="transfer">The transfer.</param>
    /// <param name="rules">The rules of the unit.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result; its journals are the memo journal (and the goods journal, if any).</returns>
    public async Task<PostingResult> TransferAsync(LedgerId ledger, MemoTransfer transfer, MemoUnitRules rules, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = CheckTransfer(transfer, rules.Unit);
        if (errors.Count > 0)
        {
            return PostingResult.Rejected(errors);
        }

        var draft = TransferDraft(transfer, rules.Unit);
        var envelope = CommandEnvelope.For(ledger, "memo-transfer", idempotencyKey, transfer.Entity.Value, transfer.Kind, transfer.Amount, Iso(transfer.Date), transfer.Memo,
            transfer.From, transfer.To, rules.MaxBalancePerMember, rules.AllowNegative, transfer.GoodsJournal is null ? null : CanonicalForm.RequestHash(new PostingBatch(ledger, [transfer.GoodsJournal], null)));
        var result = await _commands.RunAsync<Journal>(envelope, (_, ct) => PlanTransferAsync(ledger, transfer, rules, draft, ct),
            (_, journals, _) => Task.FromResult<Journal?>(journals[0]), cancellationToken).ConfigureAwait(false);
        return new PostingResult(result.Outcome, result.Journals, result.Errors);
    }

    private static List<PostingError> CheckTransfer(MemoTransfer transfer, Currency unit)
    {
        var errors = new List<PostingError>();
        if (unit != Currency.HOUR && unit != Currency.POINT)
        {
            errors.Add(new PostingError(ErrorCodes.AccountUnitMismatch, "Time banks keep HOUR and points systems POINT.", "unit"));
        }
        else if (!transfer.Amount.HasCurrency || transfer.Amount.Currency != unit || !transfer.Amount.IsPositive)
        {
            errors.Add(new PostingError(ErrorCodes.LineAmountNotPositive, $"The amount must be a positive {unit.Code} amount.", "amount"));
        }

        var needsFrom = transfer.Kind is MemoTransferKind.Redeem or MemoTransferKind.Donate or MemoTransferKind.Transfer;
        var needsTo = transfer.Kind is MemoTransferKind.Award or MemoTransferKind.Transfer;
        if (needsFrom != (transfer.From is not null) || needsTo != (transfer.To is not null))
        {
            errors.Add(new PostingError(ErrorCodes.LineDimensionInvalid, $"A {transfer.Kind} names {(needsFrom ? "'from'" : string.Empty)}{(needsFrom && needsTo ? " and " : string.Empty)}{(needsTo ? "'to'" : string.Empty)} and nothing else.", "member"));
        }

        foreach (var (field, who) in new[] { ("from", transfer.From), ("to", transfer.To) })
        {
            if (who is not null && Dimensions.Validate(DimensionNames.Member, who) is { } problem)
            {
                errors.Add(new PostingError(ErrorCodes.LineDimensionInvalid, problem, field));
            }
        }

        if (transfer.From is not null && transfer.From == transfer.To)
        {
            errors.Add(new PostingError(CommunityErrorCodes.TimeBankSameMember, "Source and destination must differ.", "to"));
        }

        if (transfer.Kind == MemoTransferKind.Donate && unit != Currency.HOUR)
        {
            errors.Add(new PostingError(ErrorCodes.JournalKindInvalid, "Only hours are donated to the donation pool.", "kind"));
        }

        return errors;
    }

    /// <summary>The memo journal of a transfer: between the pool, a member or two and the donated-hours pool.</summary>
    private static JournalDraft TransferDraft(MemoTransfer transfer, Currency unit)
    {
        var (pool, member, donated) = unit == Currency.HOUR ? ("M100", "M110", "M120") : ("M200", "M210", "M200");
        LineDraft Member(string account, Side side, string who) =>
            new LineDraft(transfer.Entity, AccountCode.Parse(account), side, transfer.Amount).With(DimensionNames.Member, who);
        ImmutableArray<LineDraft> lines = transfer.Kind switch
        {
            MemoTransferKind.Award => [Member(member, Side.Debit, transfer.To!), new LineDraft(transfer.Entity, AccountCode.Parse(pool), Side.Credit, transfer.Amount)],
            MemoTransferKind.Redeem => [new LineDraft(transfer.Entity, AccountCode.Parse(pool), Side.Debit, transfer.Amount), Member(member, Side.Credit, transfer.From!)],
            MemoTransferKind.Donate => [new LineDraft(transfer.Entity, AccountCode.Parse(donated), Side.Debit, transfer.Amount), Member(member, Side.Credit, transfer.From!)],
            _ => [Member(member, Side.Debit, transfer.To!), Member(member, Side.Credit, transfer.From!)],
        };
        var kind = unit == Currency.HOUR ? JournalKind.TimeBank : JournalKind.Points;
        return new JournalDraft(transfer.Date, kind, transfer.Memo, lines)
        {
            Metadata = JournalMetadata.From(("transfer.kind", transfer.Kind.ToString()), ("transfer.amount", transfer.Amount.MinorUnits.ToString(CultureInfo.InvariantCulture))),
        };
    }

    /// <summary>The transfer as the members' balances stand now: refused when it would take a member below zero (unless
    /// the rules allow it) or above the cap; else the journals and the members' new balances.</summary>
    private async Task<CommandPlan<Journal>> PlanTransferAsync(LedgerId ledger, MemoTransfer transfer, MemoUnitRules rules, JournalDraft draft, CancellationToken ct)
    {
        var unit = rules.Unit;
        var amount = transfer.Amount.MinorUnits;
        var changes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (transfer.From is { } from)
        {
            var balance = await MinorBalanceAsync(ledger, transfer.Entity, unit, from, ct).ConfigureAwait(false);
            if (!rules.AllowNegative && balance < amount)
            {
                return CommandPlan<Journal>.Refused(CommunityErrorCodes.TimeBankInsufficientBalance,
                    $"Member '{from}' holds {Money.FromMinorUnits(balance, unit)}; {transfer.Amount} cannot be taken.", "from");
            }

            changes[from] = balance - amount;
        }

        if (transfer.To is { } to)
        {
            var balance = await MinorBalanceAsync(ledger, transfer.Entity, unit, to, ct).ConfigureAwait(false);
            if (rules.MaxBalancePerMember is { } cap && checked(balance + amount) > cap.MinorUnits)
            {
                return CommandPlan<Journal>.Refused(CommunityErrorCodes.TimeBankCapExceeded,
                    $"Member '{to}' holds {Money.FromMinorUnits(balance, unit)}; the cap is {cap}.", "to");
            }

            changes[to] = checked(balance + amount);
        }

        ImmutableArray<JournalDraft> drafts = transfer.GoodsJournal is { } goods ? [draft, goods] : [draft];
        return new CommandPlan<Journal>(drafts, journals => (
            [.. changes.Select(c => CommunityRecords.MemberBalance.Write(Key(transfer.Entity, unit, c.Key), transfer.Entity.Value, journals[0].Sequence, c.Value))],
            journals[0]));
    }

    private static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    private async Task<long> MinorBalanceAsync(LedgerId ledger, EntityId entity, Currency unit, string member, CancellationToken ct) =>
        await _store.GetDocumentAsync(ledger, CommunityRecords.MemberBalance.Kind, Key(entity, unit, member), ct).ConfigureAwait(false) is { } document
            ? CommunityRecords.MemberBalance.Read(document)
            : 0;

    private static string Key(EntityId entity, Currency unit, string member) => $"{entity}/{unit.Code}/{member}";
}
