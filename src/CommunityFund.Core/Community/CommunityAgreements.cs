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
    public async Task<EconomyResult<string>> SetDonatedUseAsync(LedgerId ledger, DonatedUse policy, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(policy))
        {
            return EconomyResult<string>.Rejected(CommunityErrorCodes.AgreementInvalid, "The policy is MemoOnly or RecognizeAtFairValue.", "donatedUse");
        }

        using var _ = await _runner.Locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) is null)
        {
            return EconomyResult<string>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
        }

        await _store.PutDocumentsAsync(ledger, [DocumentJson.Document(SettingKind, DonatedUseKey, null, 0, policy)], cancellationToken).ConfigureAwait(false);
        return new EconomyResult<string>(PostingOutcome.Created, policy.ToString(), [], []);
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
    public async Task<EconomyResult<ServiceAgreement>> RegisterAsync(LedgerId ledger, ServiceAgreement agreement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        using var _ = await _runner.Locks.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false);
        var state = await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return EconomyResult<ServiceAgreement>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
        }

        var errors = new List<PostingError>();
        AgreementRules.Check(state.Definition, agreement, errors);
        if (errors.Count > 0)
        {
            return EconomyResult<ServiceAgreement>.Rejected(errors);
        }

        if (await GetAsync(ledger, agreement.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return EconomyResult<ServiceAgreement>.Rejected(CommunityErrorCodes.AgreementExists, $"Agreement '{agreement.Id}' already exists.", "id");
        }

        await _store.PutDocumentsAsync(ledger, [AgreementDocument(agreement)], cancellationToken).ConfigureAwait(false);
        return new EconomyResult<ServiceAgreement>(PostingOutcome.Created, agreement, [], []);
    }

    /// <summary>Puts a draft agreement in force.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The active agreement.</returns>
    public async Task<EconomyResult<ServiceAgreement>> ActivateAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default)
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
                ? new EconomyResult<ServiceAgreement>(PostingOutcome.AlreadyExists, agreement, [], [])
                : EconomyResult<ServiceAgreement>.Rejected(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{id}' has ended; an ended agreement is never put back in force.", "status");
        }

        var active = agreement with { Status = AgreementStatus.Active };
        await _store.PutDocumentsAsync(ledger, [AgreementDocument(active)], cancellationToken).ConfigureAwait(false);
        return new EconomyResult<ServiceAgreement>(PostingOutcome.Created, active, [], []);
    }

    /// <summary>Posts what an active agreement owes through a date: for every charge period and obligation month that
    /// starts on or before it and has not been posted, the rent (or resource) journals and the obligation memo journal,
    /// each dated the period's first day. Running it again posts nothing new.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="through">The last date to post for.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreement after posting, with the journals posted (none when nothing was due).</returns>
    public Task<EconomyResult<ServiceAgreement>> PostDueAsync(LedgerId ledger, string id, LocalDate through, CancellationToken cancellationToken = default) =>
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
            var drafts = new List<JournalDraft>();
            foreach (var period in charges)
            {
                drafts.AddRange(ChargeDrafts(state.Definition, agreement, period, policy));
            }

            foreach (var month in months)
            {
                if (ObligationDraft(agreement, month) is { } draft)
                {
                    drafts.Add(draft);
                }
            }

            var updated = agreement with { PeriodsCharged = agreement.PeriodsCharged + charges.Count, MonthsOpened = agreement.MonthsOpened + months.Count };
            // Nothing due is not an error: the answer is the agreement as it is.
            return drafts.Count == 0
                ? CommandPlan<ServiceAgreement>.WithoutJournals([], agreement)
                : new CommandPlan<ServiceAgreement>([.. drafts], _ => ([AgreementDocument(updated)], updated));
        }, ReplayAgreementAsync, cancellationToken);

    /// <summary>Records a service delivered under an agreement: a memo journal (delivered / contra in the obligation's
    /// unit, tagged with the agreement) and the delivery record with its beneficiaries and evidence.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="delivery">The delivery.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The recorded delivery.</returns>
    public Task<EconomyResult<ServiceDelivery>> RecordDeliveryAsync(LedgerId ledger, ServiceDelivery delivery, string? idempotencyKey = null, CancellationToken cancellationToken = default)
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
    public Task<EconomyResult<ServiceAgreement>> PayRevenueShareAsync(LedgerId ledger, RevenueSharePayment payment, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var fingerprint = RequestFingerprint.Of("agreement-share", payment.Agreement, Iso(payment.Month), payment.Revenue, Iso(payment.Date), payment.Fund.Value);
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

            if (errors.Count > 0)
            {
                return CommandPlan<ServiceAgreement>.Refused(errors);
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
                    ("share.basis_points", basisPoints.ToString(CultureInfo.InvariantCulture)), ("share.amount", Fen(share)), ("share.rounding", "largest remainder to the fen")),
            };
            return new CommandPlan<ServiceAgreement>([draft], _ => ([AgreementDocument(updated)], updated));
        }, ReplayAgreementAsync, cancellationToken);
    }

    /// <summary>Ends an agreement: by expiry on its last day, or by early termination on a date inside the term with a
    /// reason. Nothing is charged or owed after the last day in force; obligation months already opened beyond it are
    /// reduced by a memo journal (the month it ends in is prorated by days).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="ending">Expired or terminated.</param>
    /// <param name="lastDay">The last day in force (the term's end for an expiry).</param>
    /// <param name="reason">Why it was terminated (required for a termination).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The ended agreement, with the adjusting journal if one was needed.</returns>
    public Task<EconomyResult<ServiceAgreement>> EndAsync(LedgerId ledger, string id, AgreementEnding ending, LocalDate lastDay, string? reason, CancellationToken cancellationToken = default)
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

            ended = ended with { MonthsOpened = Math.Min(agreement.MonthsOpened, restated.Count) };
            if (lines.Count == 0)
            {
                return CommandPlan<ServiceAgreement>.WithoutJournals([AgreementDocument(ended)], ended);
            }

            var draft = new JournalDraft(lastDay, JournalKindOf(agreement), $"履约调整 Obligations after the agreement ended ({agreement.Id})", [.. lines])
            {
                SourceReference = $"agreement:{agreement.Id}:ended",
                Metadata = JournalMetadata.From(("agreement.id", agreement.Id), ("agreement.ending", ending.ToString()), ("agreement.last_day", Iso(lastDay))),
            };
            return new CommandPlan<ServiceAgreement>([draft], _ => ([AgreementDocument(ended)], ended));
        }, ReplayAgreementAsync, cancellationToken);
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

    private IEnumerable<JournalDraft> ChargeDrafts(LedgerDefinition ledger, ServiceAgreement agreement, DateInterval period, DonatedUse policy)
    {
        var operatorAccounts = OperatingAccounts.For(ledger.FindEntity(agreement.Operator)!.Profile)!;
        var grantorAccounts = ledger.FindEntity(agreement.Grantor) is { } grantor ? OperatingAccounts.For(grantor.Profile) : null;
        var (forgoneAccount, swapAccount, contra) = OperatingAccounts.DonatedUseMemo;
        var tag = (DimensionNames.Agreement, agreement.Id);
        LineDraft Line(EntityId entity, AccountCode account, Side side, Money amount) => new LineDraft(entity, account, side, amount).With(tag.Agreement, tag.Id);
        var periodText = $"{Iso(period.Start)}..{Iso(period.End)}";
        var kind = JournalKindOf(agreement);
        if (agreement.Lease is { } lease)
        {
            var gap = lease.FairRent.Amount - lease.NominalRent;
            var metadata = JournalMetadata.From(
                ("agreement.id", agreement.Id), ("agreement.period", periodText), ("donated_use", policy.ToString()),
                ("lease.nominal_rent", Fen(lease.NominalRent)), ("lease.fair_rent", Fen(lease.FairRent.Amount)), ("lease.forgone", Fen(gap)),
                ("fair_value.basis", lease.FairRent.Basis), ("fair_value.evidence", lease.FairRent.Evidence ?? "-"));
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

            if (policy == DonatedUse.RecognizeAtFairValue && gap.IsPositive)
            {
                lines.Add(Line(agreement.Operator, operatorAccounts.RentExpense, Side.Debit, gap));
                lines.Add(Line(agreement.Operator, operatorAccounts.DonatedUseRevenue, Side.Credit, gap));
            }

            yield return new JournalDraft(period.Start, kind, $"一元租金 Nominal rent {periodText}: {lease.Space.Name} ({agreement.Id})", [.. lines])
            {
                SourceReference = $"agreement:{agreement.Id}:rent:{Iso(period.Start)}",
                Metadata = metadata,
            };
            if (gap.IsPositive)
            {
                yield return new JournalDraft(period.Start, kind, $"资产使用备查 Fair rent forgone {periodText} ({agreement.Id})",
                    [Line(agreement.Operator, forgoneAccount, Side.Debit, gap), Line(agreement.Operator, contra, Side.Credit, gap)])
                {
                    SourceReference = $"agreement:{agreement.Id}:forgone:{Iso(period.Start)}",
                    Metadata = metadata,
                };
            }
        }
        else if (agreement.Swap is { } swap)
        {
            var value = swap.MonthlyResourceValue;
            var metadata = JournalMetadata.From(
                ("agreement.id", agreement.Id), ("agreement.period", periodText), ("donated_use", policy.ToString()),
                ("swap.resource_value", Fen(value)), ("swap.service_value", Fen(swap.MonthlyServiceValue.Amount)),
                ("swap.resource_basis", string.Join("; ", swap.Resources.Select(r => $"{r.Description}: {Fen(r.MonthlyValue.Amount)} ({r.MonthlyValue.Basis})"))),
                ("swap.service_basis", swap.MonthlyServiceValue.Basis));
            if (policy == DonatedUse.RecognizeAtFairValue)
            {
                // A non-cash exchange measured at the fair value of the resources received.
                yield return new JournalDraft(period.Start, kind, $"资源换服务 Non-cash exchange {periodText} ({agreement.Id})",
                    [Line(agreement.Operator, operatorAccounts.RentExpense, Side.Debit, value), Line(agreement.Operator, operatorAccounts.ServiceRevenue, Side.Credit, value)])
                {
                    SourceReference = $"agreement:{agreement.Id}:exchange:{Iso(period.Start)}",
                    Metadata = metadata,
                };
            }

            yield return new JournalDraft(period.Start, kind, $"资源换服务备查 Resources received {periodText} ({agreement.Id})",
                [Line(agreement.Operator, swapAccount, Side.Debit, value), Line(agreement.Operator, contra, Side.Credit, value)])
            {
                SourceReference = $"agreement:{agreement.Id}:resources:{Iso(period.Start)}",
                Metadata = metadata,
            };
        }
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

    private async Task<ServiceAgreement?> ReplayAgreementAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) =>
        journals[0].Metadata.TryGetValue("agreement.id", out var id) ? await GetAsync(ledger, id, ct).ConfigureAwait(false) : null;

    private static JournalKind JournalKindOf(ServiceAgreement agreement) => agreement.Kind == AgreementKind.ResourceSwap ? JournalKind.Swap : JournalKind.Lease;

    private static EconomyResult<T> NotFound<T>(string id)
        where T : class => EconomyResult<T>.Rejected(CommunityErrorCodes.AgreementNotFound, $"No agreement '{id}'.", "id");

    private static LedgerDocument AgreementDocument(ServiceAgreement agreement) => DocumentJson.Document(AgreementKindName, agreement.Id, agreement.Operator.Value, 0, agreement);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Fen(Money amount) => amount.MinorUnits.ToString(CultureInfo.InvariantCulture);

}
