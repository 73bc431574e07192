using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Community;

/// <summary>
/// One-yuan leases (一元租金) and resource-for-service swaps (资源换服务), the design's domain events 6 and 7: agreements
/// are registered as drafts, activated, charged period by period (nominal rent, fair rent forgone or resources received,
/// under the ledger's <see cref="DonatedUse"/> policy), owe services month by month, record deliveries, and end by
/// expiry or early termination. Agreements and deliveries are documents written in the same transaction as their
/// journals; commands of one ledger run one at a time.
/// </summary>
public sealed class CommunityAgreements
{
    private const string AgreementKindName = "agreement";
    private const string DeliveryKindName = "agreement-delivery";
    private const string SettingKind = "setting";
    private const string DonatedUseKey = "donated-use";
    private readonly ILedgerStore _store;
    private readonly CommandRunner _runner;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="engine">The posting engine over it.</param>
    public CommunityAgreements(ILedgerStore store, PostingEngine engine)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _runner = new CommandRunner(store, engine ?? throw new ArgumentNullException(nameof(engine)));
    }

    /// <summary>The ledger's donated-use policy (<see cref="DonatedUse.MemoOnly"/> until set).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The policy.</returns>
    public async Task<DonatedUse> GetDonatedUseAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, SettingKind, DonatedUseKey, cancellationToken).ConfigureAwait(false) is { } document
            ? DocumentJson.Read<DonatedUse>(document)
            : DonatedUse.MemoOnly;

    /// <summary>Sets the ledger's donated-use policy for the journals posted from now on (posted ones keep theirs).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result.</returns>
    public async Task<CommandResult<string>> SetDonatedUseAsync(LedgerId ledger, DonatedUse policy, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(policy))
        {
            return CommandResult<string>.Rejected(CommunityErrorCodes.AgreementInvalid, "The policy is MemoOnly or RecognizeAtFairValue.", "donatedUse");
        }

        using var _ = await _runner.Locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) is null)
        {
            return CommandResult<string>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
        }

        await _store.PutDocumentsAsync(ledger, [DocumentJson.Document(SettingKind, DonatedUseKey, null, 0, policy)], cancellationToken).ConfigureAwait(false);
        return new CommandResult<string>(PostingOutcome.Created, policy.ToString(), [], []);
    }

    /// <summary>An agreement.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreement, or <c>null</c>.</returns>
    public async Task<ServiceAgreement?> GetAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, AgreementKindName, id, cancellationToken).ConfigureAwait(false) is { } document ? DocumentJson.Read<ServiceAgreement>(document) : null;

    /// <summary>The agreements of a ledger, optionally of one operator, by id.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="operator">An operator, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreements.</returns>
    public async Task<IReadOnlyList<ServiceAgreement>> ListAsync(LedgerId ledger, EntityId? @operator = null, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, AgreementKindName, @operator?.Value, cancellationToken).ConfigureAwait(false))
            .Select(DocumentJson.Read<ServiceAgreement>).OrderBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>The deliveries recorded under an agreement, in posting order.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="agreement">The agreement id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The deliveries.</returns>
    public async Task<IReadOnlyList<ServiceDelivery>> ListDeliveriesAsync(LedgerId ledger, string agreement, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, DeliveryKindName, agreement, cancellationToken).ConfigureAwait(false))
            .OrderBy(d => d.Order).Select(DocumentJson.Read<ServiceDelivery>)];

    /// <summary>Registers an agreement as a draft.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="agreement">The terms (status draft, nothing charged).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored agreement.</returns>
    public async Task<CommandResult<ServiceAgreement>> RegisterAsync(LedgerId ledger, ServiceAgreement agreement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        using var _ = await _runner.Locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        var state = await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return CommandResult<ServiceAgreement>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
        }

        var errors = new List<PostingError>();
        AgreementRules.Check(state.Definition, agreement, errors);
        if (errors.Count > 0)
        {
            return CommandResult<ServiceAgreement>.Rejected(errors);
        }

        if (await GetAsync(ledger, agreement.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return CommandResult<ServiceAgreement>.Rejected(CommunityErrorCodes.AgreementExists, $"Agreement '{agreement.Id}' already exists.", "id");
        }

        await _store.PutDocumentsAsync(ledger, [AgreementDocument(agreement)], cancellationToken).ConfigureAwait(false);
        return new CommandResult<ServiceAgreement>(PostingOutcome.Created, agreement, [], []);
    }

    /// <summary>Puts a draft agreement in force.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The active agreement.</returns>
    public async Task<CommandResult<ServiceAgreement>> ActivateAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default)
    {
        using var _ = await _runner.Locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        var agreement = await GetAsync(ledger, id, cancellationToken).ConfigureAwait(false);
        if (agreement is null)
        {
            return NotFound<ServiceAgreement>(id);
        }

        if (agreement.Status != AgreementStatus.Draft)
        {
            return agreement.Status == AgreementStatus.Active
                ? new CommandResult<ServiceAgreement>(PostingOutcome.AlreadyExists, agreement, [], [])
                : CommandResult<ServiceAgreement>.Rejected(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{id}' has ended; an ended agreement is never put back in force.", "status");
        }

        var active = agreement with { Status = AgreementStatus.Active };
        await _store.PutDocumentsAsync(ledger, [AgreementDocument(active)], cancellationToken).ConfigureAwait(false);
        return new CommandResult<ServiceAgreement>(PostingOutcome.Created, active, [], []);
    }

    /// <summary>Posts what an active agreement owes through a date: for every rent period and obligation month that
    /// starts on or before it and has not been posted, the nominal rent and the obligation memo journal, each dated the
    /// period's first day (both fall due in advance); and for every month of use that ended on or before it, the month's
    /// use, dated its last day — the fair rent forgone of a lease or the resources received in a swap in the memo
    /// ledger (M400), and under <see cref="DonatedUse.RecognizeAtFairValue"/> the same value recognised (see
    /// <see cref="UseValue"/>). Running it again posts nothing new.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="through">The last date to post for.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreement after posting, with the journals posted (none when nothing was due).</returns>
    public Task<CommandResult<ServiceAgreement>> PostDueAsync(LedgerId ledger, string id, LocalDate through, CancellationToken cancellationToken = default) =>
        _runner.ExecuteAsync<ServiceAgreement>(ledger, null, RequestFingerprint.Of("agreement-due", id, Iso(through)), async (state, ct) =>
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

    /// <summary>Records a service delivered under an agreement: a memo journal (delivered / contra in the obligation's
    /// unit, tagged with the agreement) and the delivery record with its beneficiaries and evidence.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="delivery">The delivery.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The recorded delivery.</returns>
    public Task<CommandResult<ServiceDelivery>> RecordDeliveryAsync(LedgerId ledger, ServiceDelivery delivery, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var fingerprint = RequestFingerprint.Of("agreement-delivery", delivery.Agreement, delivery.Service, Iso(delivery.Date), delivery.Quantity, delivery.Beneficiaries, delivery.Evidence);
        return _runner.ExecuteAsync(ledger, idempotencyKey, fingerprint, async (state, ct) =>
        {
            var agreement = await GetAsync(ledger, delivery.Agreement, ct).ConfigureAwait(false);
            if (agreement is null)
            {
                return CommandPlan<ServiceDelivery>.Refused(CommunityErrorCodes.AgreementNotFound, $"No agreement '{delivery.Agreement}'.", "agreement");
            }

            var errors = CheckDelivery(agreement, delivery);
            if (errors.Count > 0)
            {
                return CommandPlan<ServiceDelivery>.Refused(errors);
            }

            var (_, delivered, contra) = OperatingAccounts.Obligations(delivery.Quantity.Currency);
            var draft = new JournalDraft(delivery.Date, JournalKindOf(agreement), $"履约 Service delivered: {delivery.Service} ({agreement.Id})",
            [
                new LineDraft(agreement.Operator, delivered, Side.Debit, delivery.Quantity).With(DimensionNames.Agreement, agreement.Id),
                new LineDraft(agreement.Operator, contra, Side.Credit, delivery.Quantity).With(DimensionNames.Agreement, agreement.Id),
            ])
            {
                SourceReference = $"agreement:{agreement.Id}:delivery",
                Metadata = JournalMetadata.From(
                    ("agreement.id", agreement.Id), ("delivery.service", delivery.Service),
                    ("delivery.beneficiaries", delivery.Beneficiaries.ToString(CultureInfo.InvariantCulture)), ("delivery.evidence", delivery.Evidence)),
            };
            return new CommandPlan<ServiceDelivery>([draft], journals =>
            {
                var recorded = delivery with { Journal = journals[0].Id };
                return ([DocumentJson.Document(DeliveryKindName, $"{agreement.Id}/{journals[0].Id}", agreement.Id, journals[0].Sequence, recorded)], recorded);
            });
        }, async (l, journals, ct) => (await ListDeliveriesAsync(l, delivery.Agreement, ct).ConfigureAwait(false)).FirstOrDefault(d => d.Journal == journals[0].Id), cancellationToken);
    }

    /// <summary>Pays the fund its share of the operator's revenue from a leased space for one agreement month: the share
    /// is revenue × the lease's basis points, to the fen (largest remainder), paid at once — [operator] Dr fund-share
    /// expense / Cr bank; [fund] Dr 1002.02 / Cr 4101.02 restricted to the community-fund share — with the base, rate and
    /// share in the metadata. Each month is paid once.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="payment">The month, the revenue and the fund.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreement after the payment, with its journal.</returns>
    public Task<CommandResult<ServiceAgreement>> PayRevenueShareAsync(LedgerId ledger, RevenueSharePayment payment, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var fingerprint = RequestFingerprint.Of("agreement-share", payment.Agreement, Iso(payment.Month), payment.Revenue, Iso(payment.Date), payment.Fund.Value, payment.DistributedRevenue);
        return _runner.ExecuteAsync(ledger, idempotencyKey, fingerprint, async (state, ct) =>
        {
            var agreement = await GetAsync(ledger, payment.Agreement, ct).ConfigureAwait(false);
            if (agreement is null)
            {
                return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementNotFound, $"No agreement '{payment.Agreement}'.", "agreement");
            }

            var errors = new List<PostingError>();
            void Fail(string message, string field) => errors.Add(new PostingError(CommunityErrorCodes.AgreementInvalid, message, field));
            if (agreement.Lease?.FundShareBasisPoints is not { } basisPoints || basisPoints == 0)
            {
                Fail($"Agreement '{agreement.Id}' promises the fund no revenue share.", "agreement");
                return CommandPlan<ServiceAgreement>.Refused(errors);
            }

            if (agreement.Status == AgreementStatus.Draft)
            {
                errors.Add(new PostingError(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{agreement.Id}' is a draft.", "agreement"));
            }

            if (!agreement.ObligationMonths().Any(m => m.Start == payment.Month))
            {
                Fail($"'month' is the first day of a month of the agreement, counted from {Iso(agreement.Start)}.", "month");
            }
            else if (agreement.SharedMonths.Contains(payment.Month))
            {
                Fail($"The share of the month starting {Iso(payment.Month)} was already paid.", "month");
            }

            if (!AgreementRules.IsCny(payment.Revenue) || payment.Revenue.IsNegative)
            {
                Fail("The revenue is a CNY amount of zero or more.", "revenue");
            }

            var fund = payment.Fund.Value is null ? null : state.Definition.FindEntity(payment.Fund);
            if (fund is not { Kind: EntityKind.CommunityFund, Profile: AccountingProfile.NpoCn })
            {
                errors.Add(new PostingError(CommunityErrorCodes.NotAFund, $"'{payment.Fund}' is not a community fund keeping NPO_CN books.", "fund"));
            }

            var distributed = payment.DistributedRevenue ?? Money.Zero(Currency.CNY);
            if (!AgreementRules.IsCny(distributed) || distributed.IsNegative || (AgreementRules.IsCny(payment.Revenue) && distributed > payment.Revenue))
            {
                Fail("The distributed revenue is a CNY amount of zero or more, at most the revenue declared.", "distributedRevenue");
            }

            if (errors.Count > 0)
            {
                return CommandPlan<ServiceAgreement>.Refused(errors);
            }

            var month = agreement.ObligationMonths().First(m => m.Start == payment.Month);
            var policies = distributed.IsPositive ? await PoliciesSharingWithTheFundAsync(ledger, month, ct).ConfigureAwait(false) : [];
            if (distributed.IsPositive)
            {
                if (policies.Count == 0)
                {
                    return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementInvalid,
                        $"No distribution policy shared revenue with the community fund from {Iso(month.Start)} to {Iso(month.End)}, so none of the revenue can have been distributed.", "distributedRevenue");
                }

                if (!agreement.Lease!.FundShareOnDistributedRevenue)
                {
                    var named = string.Join(", ", policies.Select(p => $"{p.Reference} ({Percent(p.SharesOf(DistributionParty.CommunityFund))} to the fund)"));
                    return CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.FundShareOverlapsDistribution,
                        $"{distributed.ToAmountString()} of the {payment.Revenue.ToAmountString()} CNY declared is service-package revenue already distributed under {named}; " +
                        $"agreement '{agreement.Id}' does not say its {Percent(basisPoints)} fund share applies to that revenue too " +
                        $"(it would add {distributed.Allocate([basisPoints, 10_000 - basisPoints])[0].ToAmountString()} CNY on it). Declare only the " +
                        $"{(payment.Revenue - distributed).ToAmountString()} CNY outside the distribution, or register the lease with fundShareOnDistributedRevenue.",
                        "distributedRevenue");
                }
            }

            var share = payment.Revenue.Allocate([basisPoints, 10_000 - basisPoints])[0];
            var updated = agreement with { SharedMonths = agreement.SharedMonths.Add(payment.Month) };
            if (!share.IsPositive)
            {
                return CommandPlan<ServiceAgreement>.WithoutJournals([AgreementDocument(updated)], updated);
            }

            var accounts = ProviderAccounts.For(state.Definition.FindEntity(agreement.Operator)!.Profile)!;
            var operatorAccounts = OperatingAccounts.For(state.Definition.FindEntity(agreement.Operator)!.Profile)!;
            var draft = new JournalDraft(payment.Date, JournalKind.Lease, $"社区基金分成 Fund share of revenue from the space, month from {Iso(payment.Month)} ({agreement.Id})",
            [
                new LineDraft(agreement.Operator, accounts.FundShareExpense, Side.Debit, share).With(DimensionNames.Agreement, agreement.Id),
                new LineDraft(agreement.Operator, operatorAccounts.Bank, Side.Credit, share).With(DimensionNames.Agreement, agreement.Id),
                new LineDraft(payment.Fund, ProviderAccounts.Fund.Bank, Side.Debit, share),
                new LineDraft(payment.Fund, ProviderAccounts.Fund.RestrictedDonations, Side.Credit, share)
                    .With(DimensionNames.Restriction, "community-fund-share").With(DimensionNames.Counterparty, agreement.Operator.Value).With(DimensionNames.Agreement, agreement.Id),
            ])
            {
                SourceReference = $"agreement:{agreement.Id}:share:{Iso(payment.Month)}",
                Metadata = JournalMetadata.From(
                    ("agreement.id", agreement.Id), ("share.month", Iso(payment.Month)), ("share.revenue", Fen(payment.Revenue)),
                    ("share.basis_points", basisPoints.ToString(CultureInfo.InvariantCulture)), ("share.amount", Fen(share)), ("share.rounding", "largest remainder to the fen"),
                    ("share.distributed_revenue", Fen(distributed)),
                    ("share.also_distributed_under", policies.Count == 0 ? "-" : string.Join(", ", policies.Select(p => p.Reference)))),
            };
            return new CommandPlan<ServiceAgreement>([draft], _ => ([AgreementDocument(updated)], updated));
        }, ReplayAgreementAsync, cancellationToken);
    }

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
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The ended agreement, with the adjusting journal if one was needed.</returns>
    public Task<CommandResult<ServiceAgreement>> EndAsync(LedgerId ledger, string id, AgreementEnding ending, LocalDate lastDay, string? reason, CancellationToken cancellationToken = default)
    {
        var fingerprint = RequestFingerprint.Of("agreement-end", id, ending.ToString(), Iso(lastDay), reason);
        return _runner.ExecuteAsync<ServiceAgreement>(ledger, null, fingerprint, async (state, ct) =>
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

            if (errors.Count > 0)
            {
                return CommandPlan<ServiceAgreement>.Refused(errors);
            }

            var ended = agreement with
            {
                Status = AgreementStatus.Ended, Ending = ending, EndedOn = lastDay, EndReason = ending == AgreementEnding.Terminated ? reason : null,
                PeriodsCharged = Math.Min(agreement.PeriodsCharged, agreement.ChargePeriods().Count(p => p.Start <= lastDay)),
            };
            // Months already opened on the old term, restated on the new one.
            var opened = agreement.ObligationMonths().Take(agreement.MonthsOpened).ToList();
            var restated = ended.ObligationMonths().ToList();
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
        }, ReplayAgreementAsync, cancellationToken);
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

    /// <summary>What was owed and delivered under an agreement, per obligation month and service, as of a date: months
    /// that started on or before it (a draft owes nothing), deliveries dated on or before it.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="asOf">The date.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The status, or <c>null</c> when there is no such agreement.</returns>
    public async Task<ObligationStatus?> ObligationStatusAsync(LedgerId ledger, string id, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var agreement = await GetAsync(ledger, id, cancellationToken).ConfigureAwait(false);
        if (agreement is null)
        {
            return null;
        }

        var deliveries = (await ListDeliveriesAsync(ledger, id, cancellationToken).ConfigureAwait(false)).Where(d => d.Date <= asOf).ToList();
        return ObligationStatus.Compute(agreement, deliveries, asOf);
    }

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
            Line(agreement.Operator, operatorAccounts.Bank, Side.Credit, lease.NominalRent),
        };
        if (grantorAccounts is not null)
        {
            lines.Add(Line(agreement.Grantor, grantorAccounts.Bank, Side.Debit, lease.NominalRent));
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

    private static List<PostingError> CheckDelivery(ServiceAgreement agreement, ServiceDelivery delivery)
    {
        var errors = new List<PostingError>();
        void Fail(string message, string field) => errors.Add(new PostingError(CommunityErrorCodes.DeliveryInvalid, message, field));
        if (agreement.Status == AgreementStatus.Draft)
        {
            errors.Add(new PostingError(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{agreement.Id}' is a draft: nothing is owed yet.", "agreement"));
            return errors;
        }

        var obligation = agreement.Obligations.FirstOrDefault(o => o.Service == delivery.Service);
        if (obligation is null)
        {
            Fail($"Agreement '{agreement.Id}' owes {string.Join(", ", agreement.Obligations.Select(o => $"'{o.Service}'"))}.", "service");
        }
        else if (!delivery.Quantity.HasCurrency || delivery.Quantity.Currency != obligation.PerMonth.Currency || !delivery.Quantity.IsPositive)
        {
            Fail($"'{obligation.Service}' is delivered in {obligation.PerMonth.Currency.Code}, more than zero.", "quantity");
        }

        if (delivery.Date < agreement.Start || delivery.Date > agreement.LastDay)
        {
            Fail($"The delivery falls inside the agreement's term, {Iso(agreement.Start)} to {Iso(agreement.LastDay)}.", "date");
        }

        if (delivery.Beneficiaries is < 0 or > 1_000_000)
        {
            Fail("The residents reached are between 0 and 1,000,000.", "beneficiaries");
        }

        if (!AgreementRules.IsText(delivery.Evidence, 200))
        {
            Fail("A delivery names its evidence (sign-in sheet, photos), at most 200 characters.", "evidence");
        }

        return errors;
    }

    /// <summary>The distribution policy versions that applied on some day of the month and give the community fund a share.</summary>
    private async Task<IReadOnlyList<DistributionPolicy>> PoliciesSharingWithTheFundAsync(LedgerId ledger, DateInterval month, CancellationToken ct) =>
        [.. (await new LedgerEconomyStore(_store).GetPoliciesAsync(ledger, ct).ConfigureAwait(false))
            .Where(p => p.SharesOf(DistributionParty.CommunityFund) > 0 && p.EffectiveFrom <= month.End && (p.EffectiveTo is not { } to || to >= month.Start))];

    private static string Percent(int basisPoints) => $"{(basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture)}%";

    private async Task<ServiceAgreement?> ReplayAgreementAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) =>
        journals[0].Metadata.TryGetValue("agreement.id", out var id) ? await GetAsync(ledger, id, ct).ConfigureAwait(false) : null;

    private static JournalKind JournalKindOf(ServiceAgreement agreement) => agreement.Kind == AgreementKind.ResourceSwap ? JournalKind.Swap : JournalKind.Lease;

    private static CommandResult<T> NotFound<T>(string id)
        where T : class => CommandResult<T>.Rejected(CommunityErrorCodes.AgreementNotFound, $"No agreement '{id}'.", "id");

    private static LedgerDocument AgreementDocument(ServiceAgreement agreement) => DocumentJson.Document(AgreementKindName, agreement.Id, agreement.Operator.Value, 0, agreement);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Fen(Money amount) => amount.MinorUnits.ToString(CultureInfo.InvariantCulture);

}
