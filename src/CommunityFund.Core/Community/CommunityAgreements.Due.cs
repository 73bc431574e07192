using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Community;

public sealed partial class CommunityAgreements
{
    /// <summary>Posts what an active agreement owes through a date: for every rent period and obligation month that
    /// starts on or before it and has not been posted, the nominal rent and the obligation memo journal, each dated the
    /// period's first day (both fall due in advance); and for every month of use that ended on or before it, the month's
    /// use, dated its last day — the fair rent forgone of a lease or the resources received in a swap in the memo
    /// ledger (M400), and under <see cref="DonatedUse.RecognizeAtFairValue"/> the same value recognised (see
    /// <see cref="UseValue"/>). Running it again posts nothing new.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="through">The last date to post for.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreement after posting, with the journals posted (none when nothing was due).</returns>
    public Task<CommandResult<ServiceAgreement>> PostDueAsync(LedgerId ledger, string id, LocalDate through, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _commands.RunAsync<ServiceAgreement>(CommandEnvelope.For(ledger, "agreement-due", idempotencyKey, id, Iso(through)), async (state, ct) =>
        {
            var agreement = await GetAsync(ledger, id, ct).ConfigureAwait(false);
            if (agreement is null)
            {
                return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementNotFound, $"No agreement '{id}'.", "id");
            }

            if (agreement.Status == AgreementStatus.Draft)
            {
                return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{id}' is a draft: activate it first.", "status");
            }

            var policy = await GetDonatedUseAsync(ledger, ct).ConfigureAwait(false);
            var charges = agreement.ChargePeriods().Skip(agreement.PeriodsCharged).TakeWhile(p => p.Start <= through).ToList();
            var months = agreement.ObligationMonths().Skip(agreement.MonthsOpened).TakeWhile(p => p.Start <= through).ToList();
            var used = agreement.ObligationMonths().Select((month, index) => (Month: month, Index: index))
                .Skip(agreement.UsePosted.Length).TakeWhile(m => m.Month.End <= through).ToList();
            var drafts = new List<JournalDraft>();
            foreach (var period in charges)
            {
                if (RentDraft(state.Definition, agreement, period) is { } draft)
                {
                    drafts.Add(draft);
                }
            }

            foreach (var month in months)
            {
                if (ObligationDraft(agreement, month) is { } draft)
                {
                    drafts.Add(draft);
                }
            }

            var posted = agreement.UsePosted;
            foreach (var (month, index) in used)
            {
                var value = UseValue(agreement, month, index);
                var recognised = policy == DonatedUse.RecognizeAtFairValue && value.IsPositive;
                drafts.AddRange(UseDrafts(state.Definition, agreement, month, value, recognised, policy));
                posted = posted.Add(new UseMonth(month.Start, month.End, value, recognised));
            }

            var updated = agreement with { PeriodsCharged = agreement.PeriodsCharged + charges.Count, MonthsOpened = agreement.MonthsOpened + months.Count, UsePosted = posted };
            // Nothing due is not an error: the answer is the agreement as it is.
            return drafts.Count == 0 && updated == agreement
                ? CommandPlan<ServiceAgreement>.WithoutJournals([], agreement)
                : drafts.Count == 0
                    ? CommandPlan<ServiceAgreement>.WithoutJournals([AgreementDocument(updated)], updated)
                    : new CommandPlan<ServiceAgreement>([.. drafts], _ => ([AgreementDocument(updated)], updated));
        }, ReplayAgreementAsync, cancellationToken);

    /// <summary>What an obligation owes in a month of the agreement: the monthly quantity, prorated by days (rounded
    /// down to the unit) when the month is cut short by the end.</summary>
    /// <param name="obligation">The obligation.</param>
    /// <param name="agreement">The agreement.</param>
    /// <param name="month">The obligation month.</param>
    /// <returns>The quantity owed.</returns>
    public static Money Owed(ServiceObligation obligation, ServiceAgreement agreement, DateInterval month)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(month);
        var fullDays = Period.Between(month.Start, month.Start.PlusMonths(1), PeriodUnits.Days).Days;
        var days = month.Length;
        return days >= fullDays
            ? obligation.PerMonth
            : Money.FromMinorUnits(checked(obligation.PerMonth.MinorUnits * days) / fullDays, obligation.PerMonth.Currency);
    }

    /// <summary>The value of one month of use under an agreement, in CNY: for a lease, the month's part of its rent
    /// period's fair rent forgone (fair rent − nominal rent of the period, spread over the period's months as evenly as
    /// the fen allows, earlier months taking the extra fen); for a swap, the fair value of the resources received a month.
    /// A month cut short by the agreement's last day is prorated by days, to the nearest fen.</summary>
    /// <param name="agreement">The agreement.</param>
    /// <param name="month">The month of use (one of <see cref="ServiceAgreement.ObligationMonths"/>).</param>
    /// <param name="index">The month's position in the term, from 0.</param>
    /// <returns>The value (zero or more).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static Money UseValue(ServiceAgreement agreement, DateInterval month, int index)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentNullException.ThrowIfNull(month);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Money full;
        if (agreement.Lease is { } lease)
        {
            var gap = lease.FairRent.Amount - lease.NominalRent;
            full = gap.IsPositive ? gap.Split(agreement.MonthsPerCharge)[index % agreement.MonthsPerCharge] : Money.Zero(Currency.CNY);
        }
        else
        {
            full = agreement.Swap!.MonthlyResourceValue;
        }

        var fullDays = Period.Between(month.Start, month.Start.PlusMonths(1), PeriodUnits.Days).Days;
        return month.Length >= fullDays || !full.IsPositive ? full : full.Allocate([month.Length, fullDays - month.Length])[0];
    }

    private static JournalDraft? RentDraft(LedgerDefinition ledger, ServiceAgreement agreement, DateInterval period)
    {
        if (agreement.Lease is not { } lease)
        {
            // A swap pays no rent: its resources are posted month by month as they are used.
            return null;
        }

        var operatorAccounts = OperatingAccounts.For(ledger.FindEntity(agreement.Operator)!.Profile)!;
        var grantorAccounts = ledger.FindEntity(agreement.Grantor) is { } grantor ? OperatingAccounts.For(grantor.Profile) : null;
        LineDraft Line(EntityId entity, AccountCode account, Side side, Money amount) => new LineDraft(entity, account, side, amount).With(DimensionNames.Agreement, agreement.Id);
        var periodText = $"{Iso(period.Start)}..{Iso(period.End)}";
        var lines = new List<LineDraft>
        {
            Line(agreement.Operator, operatorAccounts.RentExpense, Side.Debit, lease.NominalRent),
            Line(agreement.Operator, operatorAccounts.Bank, Side.Credit, lease.NominalRent).WithCashFlow(CashFlowItem.OtherOperatingPayments),
        };
        if (grantorAccounts is not null)
        {
            lines.Add(Line(agreement.Grantor, grantorAccounts.Bank, Side.Debit, lease.NominalRent).WithCashFlow(CashFlowItem.OtherOperatingReceipts));
            lines.Add(Line(agreement.Grantor, grantorAccounts.OtherRevenue, Side.Credit, lease.NominalRent));
        }

        return new JournalDraft(period.Start, JournalKind.Lease, $"一元租金 Nominal rent {periodText}: {lease.Space.Name} ({agreement.Id})", [.. lines])
        {
            SourceReference = $"agreement:{agreement.Id}:rent:{Iso(period.Start)}",
            Metadata = JournalMetadata.From(
                ("agreement.id", agreement.Id), ("agreement.period", periodText), ("lease.nominal_rent", Fen(lease.NominalRent)), ("lease.fair_rent", Fen(lease.FairRent.Amount))),
        };
    }

    /// <summary>The journals of one month of use, dated its last day: the memo (M400.01 fair rent forgone, or M400.02
    /// resources received, against M400.09) and, when recognised, [operator] Dr rent expense / Cr donation revenue
    /// (lease) or Dr rent expense / Cr service revenue (swap, a non-cash exchange measured at the resources' fair value).</summary>
    private static IEnumerable<JournalDraft> UseDrafts(LedgerDefinition ledger, ServiceAgreement agreement, DateInterval month, Money value, bool recognised, DonatedUse policy)
    {
        if (!value.IsPositive)
        {
            yield break;
        }

        var accounts = OperatingAccounts.For(ledger.FindEntity(agreement.Operator)!.Profile)!;
        var (forgoneAccount, swapAccount, contra) = OperatingAccounts.DonatedUseMemo;
        LineDraft Line(AccountCode account, Side side) => new LineDraft(agreement.Operator, account, side, value).With(DimensionNames.Agreement, agreement.Id);
        var monthText = $"{Iso(month.Start)}..{Iso(month.End)}";
        var kind = JournalKindOf(agreement);
        var facts = new List<(string, string)> { ("agreement.id", agreement.Id), ("agreement.month", monthText), ("donated_use", policy.ToString()), ("use.value", Fen(value)) };
        if (agreement.Lease is { } lease)
        {
            facts.AddRange([
                ("use.rule", $"(fair rent - nominal rent) of the rent period spread over its {agreement.MonthsPerCharge} month(s) to the fen; a month cut short prorated by days"),
                ("lease.nominal_rent", Fen(lease.NominalRent)), ("lease.fair_rent", Fen(lease.FairRent.Amount)),
                ("fair_value.basis", lease.FairRent.Basis), ("fair_value.evidence", lease.FairRent.Evidence ?? "-")]);
        }
        else
        {
            var swap = agreement.Swap!;
            facts.AddRange([
                ("swap.measured_at", "fair value of the resources received"),
                ("swap.resource_value", Fen(swap.MonthlyResourceValue)), ("swap.service_value", Fen(swap.MonthlyServiceValue.Amount)),
                ("swap.resource_basis", string.Join("; ", swap.Resources.Select(r => $"{r.Description}: {Fen(r.MonthlyValue.Amount)} ({r.MonthlyValue.Basis})"))),
                ("swap.service_basis", swap.MonthlyServiceValue.Basis)]);
        }

        var metadata = JournalMetadata.From([.. facts]);
        var isLease = agreement.Lease is not null;
        if (recognised)
        {
            yield return new JournalDraft(month.End, kind, isLease
                    ? $"捐赠收入-资产使用 Donated use of the space {monthText} ({agreement.Id})"
                    : $"资源换服务 Non-cash exchange {monthText} ({agreement.Id})",
                [Line(accounts.RentExpense, Side.Debit), Line(isLease ? accounts.DonatedUseRevenue : accounts.ServiceRevenue, Side.Credit)])
            {
                SourceReference = $"agreement:{agreement.Id}:{(isLease ? "donated-use" : "exchange")}:{Iso(month.Start)}",
                Metadata = metadata,
            };
        }

        yield return new JournalDraft(month.End, kind, isLease
                ? $"资产使用备查 Fair rent forgone {monthText} ({agreement.Id})"
                : $"资源换服务备查 Resources received {monthText} ({agreement.Id})",
            [Line(isLease ? forgoneAccount : swapAccount, Side.Debit), Line(contra, Side.Credit)])
        {
            SourceReference = $"agreement:{agreement.Id}:{(isLease ? "forgone" : "resources")}:{Iso(month.Start)}",
            Metadata = metadata,
        };
    }

    private static JournalDraft? ObligationDraft(ServiceAgreement agreement, DateInterval month)
    {
        var lines = new List<LineDraft>();
        foreach (var obligation in agreement.Obligations)
        {
            var owed = Owed(obligation, agreement, month);
            if (owed.IsPositive)
            {
                var (owedAccount, _, contra) = OperatingAccounts.Obligations(owed.Currency);
                lines.Add(new LineDraft(agreement.Operator, owedAccount, Side.Debit, owed).With(DimensionNames.Agreement, agreement.Id));
                lines.Add(new LineDraft(agreement.Operator, contra, Side.Credit, owed).With(DimensionNames.Agreement, agreement.Id));
            }
        }

        return lines.Count == 0
            ? null
            : new JournalDraft(month.Start, JournalKindOf(agreement), $"应提供服务 Services owed {Iso(month.Start)}..{Iso(month.End)} ({agreement.Id})", [.. lines])
            {
                SourceReference = $"agreement:{agreement.Id}:owed:{Iso(month.Start)}",
                Metadata = JournalMetadata.From(("agreement.id", agreement.Id), ("agreement.month", $"{Iso(month.Start)}..{Iso(month.End)}")),
            };
    }
}
