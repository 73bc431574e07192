using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Community;

public sealed partial class CommunityAgreements
{
    /// <summary>Ends an agreement: by expiry on its last day, or by early termination on a date inside the term with a
    /// reason. Nothing is charged or owed after the last day in force; obligation months already opened beyond it are
    /// reduced by a memo journal (the month it ends in is prorated by days), and use already posted beyond it (months
    /// of use posted before a back-dated termination) is reversed by adjusting journals — in the memo ledger, and in
    /// the statements for the months that were recognised at fair value. A month of use still open when the agreement
    /// ends is posted, prorated to the last day, by the next <see cref="PostDueAsync"/>.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="ending">Expired or terminated.</param>
    /// <param name="lastDay">The last day in force (the term's end for an expiry).</param>
    /// <param name="reason">Why it was terminated (required for a termination).</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The ended agreement, with the adjusting journal if one was needed.</returns>
    public Task<CommandResult<ServiceAgreement>> EndAsync(LedgerId ledger, string id, AgreementEnding ending, LocalDate lastDay, string? reason, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        var envelope = CommandEnvelope.For(ledger, "agreement-end", idempotencyKey, id, ending.ToString(), Iso(lastDay), reason);
        return _commands.RunAsync<ServiceAgreement>(envelope, (state, ct) => PlanEndAsync(ledger, state, id, ending, lastDay, reason, ct), ReplayAgreementAsync, cancellationToken);
    }

    private async Task<CommandPlan<ServiceAgreement>> PlanEndAsync(
        LedgerId ledger, LedgerState state, string id, AgreementEnding ending, LocalDate lastDay, string? reason, CancellationToken ct)
    {
        var agreement = await GetAsync(ledger, id, ct).ConfigureAwait(false);
        if (agreement is null)
        {
            return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementNotFound, $"No agreement '{id}'.", "id");
        }

        if (agreement.Status == AgreementStatus.Ended)
        {
            return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{id}' already ended on {Iso(agreement.LastDay)}.", "status");
        }

        var errors = CheckEnding(agreement, ending, lastDay, reason);
        if (errors.Count > 0)
        {
            return CommandPlan<ServiceAgreement>.Refused(errors);
        }

        var ended = agreement with
        {
            Status = AgreementStatus.Ended, Ending = ending, EndedOn = lastDay, EndReason = ending == AgreementEnding.Terminated ? reason : null,
            PeriodsCharged = Math.Min(agreement.PeriodsCharged, agreement.ChargePeriods().Count(p => p.Start <= lastDay)),
        };
        var restated = ended.ObligationMonths().ToList();
        var lines = ObligationsRestated(agreement, ended, restated);
        var (useDrafts, usePosted) = UseRestated(state.Definition, agreement, ended, restated, ending, lastDay);
        ended = ended with { MonthsOpened = Math.Min(agreement.MonthsOpened, restated.Count), UsePosted = usePosted };
        var drafts = new List<JournalDraft>();
        if (lines.Count > 0)
        {
            drafts.Add(new JournalDraft(lastDay, JournalKindOf(agreement), $"履约调整 Obligations after the agreement ended ({agreement.Id})", [.. lines])
            {
                SourceReference = $"agreement:{agreement.Id}:ended",
                Metadata = JournalMetadata.From(("agreement.id", agreement.Id), ("agreement.ending", ending.ToString()), ("agreement.last_day", Iso(lastDay))),
            });
        }

        drafts.AddRange(useDrafts);
        return drafts.Count == 0
            ? CommandPlan<ServiceAgreement>.WithoutJournals([AgreementDocument(ended)], ended)
            : new CommandPlan<ServiceAgreement>([.. drafts], _ => ([AgreementDocument(ended)], ended));
    }

    private static List<PostingError> CheckEnding(ServiceAgreement agreement, AgreementEnding ending, LocalDate lastDay, string? reason)
    {
        var errors = new List<PostingError>();
        if (!Enum.IsDefined(ending))
        {
            errors.Add(new PostingError(CommunityErrorCodes.AgreementInvalid, "An agreement ends by expiry or termination.", "ending"));
        }
        else if (ending == AgreementEnding.Expired && lastDay != agreement.End)
        {
            errors.Add(new PostingError(CommunityErrorCodes.AgreementInvalid, $"An agreement expires on the last day of its term, {Iso(agreement.End)}.", "lastDay"));
        }
        else if (ending == AgreementEnding.Terminated)
        {
            if (lastDay < agreement.Start || lastDay >= agreement.End)
            {
                errors.Add(new PostingError(CommunityErrorCodes.AgreementInvalid, $"A termination takes effect inside the term, from {Iso(agreement.Start)} to the day before {Iso(agreement.End)}.", "lastDay"));
            }

            if (!AgreementRules.IsText(reason, AgreementRules.MaxTextLength))
            {
                errors.Add(new PostingError(CommunityErrorCodes.AgreementInvalid, $"A termination gives its reason (at most {AgreementRules.MaxTextLength} characters).", "reason"));
            }
        }

        return errors;
    }

    /// <summary>The memo lines that reduce the obligation months already opened on the old term to what they owe
    /// restated on the new one (<paramref name="restated"/>): nothing is owed after the last day, and the month it ends
    /// in is prorated by days.</summary>
    private static List<LineDraft> ObligationsRestated(ServiceAgreement agreement, ServiceAgreement ended, List<DateInterval> restated)
    {
        var opened = agreement.ObligationMonths().Take(agreement.MonthsOpened).ToList();
        var lines = new List<LineDraft>();
        for (var i = 0; i < opened.Count; i++)
        {
            foreach (var obligation in agreement.Obligations)
            {
                var before = Owed(obligation, agreement, opened[i]);
                var after = i < restated.Count ? Owed(obligation, ended, restated[i]) : Money.Zero(obligation.PerMonth.Currency);
                if (before > after)
                {
                    var (owed, _, contra) = OperatingAccounts.Obligations(obligation.PerMonth.Currency);
                    lines.Add(new LineDraft(agreement.Operator, contra, Side.Debit, before - after).With(DimensionNames.Agreement, agreement.Id));
                    lines.Add(new LineDraft(agreement.Operator, owed, Side.Credit, before - after).With(DimensionNames.Agreement, agreement.Id));
                }
            }
        }

        return lines;
    }

    /// <summary>The use already posted, restated on the agreement's new last day: every posted month beyond it, or cut
    /// short by it, is reduced to the days used (<see cref="UseValue"/>) by adjusting journals — the memo (Cr M400.01 or
    /// .02 / Dr M400.09) and, for months that were recognised, the recognition (Dr donation or service revenue / Cr rent
    /// expense). They are dated the later of the last day and the last month they adjust, so an adjustment never precedes
    /// what it adjusts; nothing posted is edited.</summary>
    private static (List<JournalDraft> Drafts, ImmutableArray<UseMonth> Posted) UseRestated(
        LedgerDefinition ledger, ServiceAgreement agreement, ServiceAgreement ended, List<DateInterval> restated, AgreementEnding ending, LocalDate lastDay)
    {
        var accounts = OperatingAccounts.For(ledger.FindEntity(agreement.Operator)!.Profile)!;
        var isLease = agreement.Lease is not null;
        var memoAccount = isLease ? OperatingAccounts.DonatedUseMemo.FairRentForgone : OperatingAccounts.DonatedUseMemo.SwapResources;
        var posted = ImmutableArray.CreateBuilder<UseMonth>();
        var memo = Money.Zero(Currency.CNY);
        var recognised = Money.Zero(Currency.CNY);
        var date = lastDay;
        var adjusted = new List<string>();
        for (var i = 0; i < agreement.UsePosted.Length; i++)
        {
            var before = agreement.UsePosted[i];
            var after = i < restated.Count ? UseValue(ended, restated[i], i) : Money.Zero(Currency.CNY);
            if (i < restated.Count)
            {
                // Kept even when nothing of it remains, so the next run does not post the month again.
                posted.Add(before with { To = restated[i].End, Value = after });
            }

            if (before.Value > after)
            {
                memo += before.Value - after;
                recognised += before.Recognised ? before.Value - after : Money.Zero(Currency.CNY);
                date = before.To > date ? before.To : date;
                adjusted.Add($"{Iso(before.From)}..{Iso(before.To)}: {Fen(before.Value)} -> {Fen(after)}");
            }
        }

        var drafts = new List<JournalDraft>();
        if (!memo.IsPositive)
        {
            return (drafts, posted.ToImmutable());
        }

        LineDraft Line(AccountCode account, Side side, Money amount) => new LineDraft(agreement.Operator, account, side, amount).With(DimensionNames.Agreement, agreement.Id);
        var metadata = JournalMetadata.From(
            ("agreement.id", agreement.Id), ("agreement.ending", ending.ToString()), ("agreement.last_day", Iso(lastDay)),
            ("use.restated", string.Join("; ", adjusted)), ("use.reversed", Fen(memo)), ("use.recognition_reversed", Fen(recognised)));
        if (recognised.IsPositive)
        {
            drafts.Add(new JournalDraft(date, JournalKindOf(agreement), $"冲回 Unused {(isLease ? "donated use" : "exchange")} after the agreement ended on {Iso(lastDay)} ({agreement.Id})",
                [Line(isLease ? accounts.DonatedUseRevenue : accounts.ServiceRevenue, Side.Debit, recognised), Line(accounts.RentExpense, Side.Credit, recognised)])
            {
                SourceReference = $"agreement:{agreement.Id}:ended:use",
                Metadata = metadata,
            });
        }

        drafts.Add(new JournalDraft(date, JournalKindOf(agreement), $"资产使用备查调整 Unused {(isLease ? "fair rent forgone" : "resources")} after the agreement ended on {Iso(lastDay)} ({agreement.Id})",
            [Line(OperatingAccounts.DonatedUseMemo.Contra, Side.Debit, memo), Line(memoAccount, Side.Credit, memo)])
        {
            SourceReference = $"agreement:{agreement.Id}:ended:memo",
            Metadata = metadata,
        });
        return (drafts, posted.ToImmutable());
    }
}
