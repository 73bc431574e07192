using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Economy;

/// <summary>
/// The community economy's commands: the package catalogue, distribution policies, sales, deliveries, refunds and
/// settlements. Each command checks its rules, turns the event into journals (the posting rules of the design's
/// domain events 1–5), posts them all-or-nothing through the <see cref="PostingEngine"/>, then records what it did.
/// Commands of one ledger run one at a time.
/// </summary>
public sealed partial class CommunityEconomy
{
    private const string PlatformProgramme = "platform-upgrade";
    private readonly ILedgerStore _ledgers;
    private readonly IEconomyStore _store;
    private readonly PostingEngine _engine;

    /// <summary>The economy's records.</summary>
    public IEconomyStore Records => _store;

    /// <summary>The fairness and by-period figures as running totals over the journals posted (read from the durable
    /// records, not from a group's records before they commit).</summary>
    public DistributionTotals Totals { get; }
    private readonly IClock _clock;
    private readonly ICommandPipeline _commands;
    private readonly bool _grouping;

    /// <summary>Creates the service, keeping its records as documents in the ledger store.</summary>
    /// <param name="ledgers">The ledger store.</param>
    /// <param name="engine">The posting engine over <paramref name="ledgers"/>.</param>
    /// <param name="clock">The clock for sale ids.</param>
    /// <remarks>Sales recorded concurrently share durable commits (group commit): their records are documents of the
    /// ledger store, which the sales planned after them in a group see before they are written.</remarks>
    public CommunityEconomy(ILedgerStore ledgers, PostingEngine engine, IClock clock)
        : this(ledgers, new LedgerEconomyStore(new PendingDocumentsStore(ledgers)), engine, clock, grouping: true)
    {
    }

    /// <summary>Creates the service.</summary>
    /// <param name="ledgers">The ledger store (read).</param>
    /// <param name="store">The economy store.</param>
    /// <param name="engine">The posting engine over <paramref name="ledgers"/>.</param>
    /// <param name="clock">The clock for sale ids.</param>
    public CommunityEconomy(ILedgerStore ledgers, IEconomyStore store, PostingEngine engine, IClock clock)
        : this(ledgers, store, engine, clock, grouping: false)
    {
    }

    private CommunityEconomy(ILedgerStore ledgers, IEconomyStore store, PostingEngine engine, IClock clock, bool grouping)
    {
        _ledgers = ledgers ?? throw new ArgumentNullException(nameof(ledgers));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _commands = engine.Commands;
        _grouping = grouping;
        Totals = new DistributionTotals(ledgers, grouping ? new LedgerEconomyStore(ledgers) : store);
    }

    /// <summary>Publishes a package, or a new version of it. The version number is assigned (the given one is
    /// ignored); a new version starts after the previous one and keeps its provider.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="package">The package terms.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored version.</returns>
    public Task<CommandResult<ServicePackage>> PublishPackageAsync(LedgerId ledger, ServicePackage package, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(package);
        return _commands.RunAsync(CommandEnvelope.For(ledger, "package-publish", idempotencyKey, EconomyRecords.Package.Write(package.Id, null, 0, package).Json),
            (state, ct) => PlanPublishPackageAsync(ledger, state, package, ct), cancellationToken);
    }

    private async Task<CommandPlan<ServicePackage>> PlanPublishPackageAsync(LedgerId ledger, LedgerState state, ServicePackage package, CancellationToken cancellationToken)
    {
        var errors = new List<PostingError>();
        ProviderOf(state, package.Provider, "provider", errors);
        PackageRules.Check(package, errors);
        if (errors.Count > 0)
        {
            return CommandPlan<ServicePackage>.Refused(errors);
        }

        var versions = await _store.GetPackageVersionsAsync(ledger, package.Id, cancellationToken).ConfigureAwait(false);
        if (versions.Count > 0 && (versions[^1].Provider != package.Provider || package.EffectiveFrom <= versions[^1].EffectiveFrom))
        {
            return CommandPlan<ServicePackage>.Refused(EconomyErrorCodes.PackageVersionInvalid,
                $"Version {versions.Count + 1} of '{package.Id}' must keep provider '{versions[^1].Provider}' and start after {Iso(versions[^1].EffectiveFrom)}.", "effectiveFrom");
        }

        var stored = package with { Version = versions.Count + 1 };
        return CommandPlan<ServicePackage>.WithoutJournals(_store.Encode(new EconomyChanges { Packages = [stored] }), stored);
    }

    /// <summary>Adds a distribution policy version. Versions never overlap: a new version that starts after an
    /// open-ended one ends it the day before, unless distributions were already made under it on or after that day.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="policy">The version; its number must be the next for its id.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored version.</returns>
    public Task<CommandResult<DistributionPolicy>> AddPolicyAsync(LedgerId ledger, DistributionPolicy policy, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return _commands.RunAsync(CommandEnvelope.For(ledger, "policy-add", idempotencyKey, EconomyRecords.Policy.Write(policy.Reference, null, 0, policy).Json),
            (state, ct) => PlanAddPolicyAsync(ledger, state, policy, ct), cancellationToken);
    }

    private async Task<CommandPlan<DistributionPolicy>> PlanAddPolicyAsync(LedgerId ledger, LedgerState state, DistributionPolicy policy, CancellationToken cancellationToken)
    {
        var errors = new List<PostingError>();
        PolicyRules.Check(state.Definition, policy, errors);
        if (errors.Count > 0)
        {
            return CommandPlan<DistributionPolicy>.Refused(errors);
        }

        var existing = await _store.GetPoliciesAsync(ledger, cancellationToken).ConfigureAwait(false);
        var sameId = existing.Where(p => p.Id == policy.Id).ToList();
        if (policy.Version != sameId.Count + 1)
        {
            return CommandPlan<DistributionPolicy>.Refused(EconomyErrorCodes.PolicyInvalid, $"The next version of '{policy.Id}' is {sameId.Count + 1}.", "version");
        }

        DistributionPolicy? ended = null;
        var open = existing.FirstOrDefault(p => p.EffectiveTo is null && p.EffectiveFrom < policy.EffectiveFrom);
        if (open is not null)
        {
            LocalDate? lastDistribution = null;
            await foreach (var sale in SaleDistributions.ReadAllAsync(_store, ledger, null, cancellationToken).ConfigureAwait(false))
            {
                lastDistribution = sale.Distributions.Where(d => d.PolicyReference == open.Reference).Select(d => (LocalDate?)d.Date).Append(lastDistribution).Max();
            }

            if (lastDistribution is null || lastDistribution < policy.EffectiveFrom)
            {
                ended = open with { EffectiveTo = policy.EffectiveFrom.PlusDays(-1) };
            }
        }

        var others = existing.Where(p => ended is null || p.Reference != ended.Reference).Append(ended).OfType<DistributionPolicy>();
        var clash = others.FirstOrDefault(p => Overlaps(p, policy));
        if (clash is not null)
        {
            return CommandPlan<DistributionPolicy>.Refused(EconomyErrorCodes.PolicyOverlap,
                $"{policy.Reference} ({Iso(policy.EffectiveFrom)}–{(policy.EffectiveTo is { } to ? Iso(to) : "open")}) overlaps {clash.Reference} ({Iso(clash.EffectiveFrom)}–{(clash.EffectiveTo is { } t ? Iso(t) : "open")}).",
                "effectiveFrom");
        }

        return CommandPlan<DistributionPolicy>.WithoutJournals(_store.Encode(new EconomyChanges { Policies = ended is null ? [policy] : [ended, policy] }), policy);
    }

    /// <summary>Records a sale of a low-cost or paid package. A sale paid and delivered at once is revenue now and is
    /// distributed in the same atomic batch; a prepaid one sits in receipts in advance until deliveries.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="request">The sale.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sale record with its distribution.</returns>
    public async Task<CommandResult<SaleRecord>> RecordSaleAsync(LedgerId ledger, SaleRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Optional terms join the fingerprint only when given, so that keys stored before they existed keep their meaning.
        object?[] content = [request.Provider, request.PackageId, request.Tier, request.Quantity, request.UnitPrice,
            request.Channel, Iso(request.Date), request.ResidentReference, request.Vat, request.Prepaid,
            .. request.PaymentReference is { } reference ? new object?[] { reference } : [],
            .. request.VatOverrideReason is { } reason ? new object?[] { "vat-override", reason } : []];
        var envelope = CommandEnvelope.For(ledger, "sale", idempotencyKey, content);
        var result = await ExecuteAsync(envelope, (state, ct) => PlanSaleAsync(state, request, ct), ReplaySaleAsync, cancellationToken, groupable: true).ConfigureAwait(false);
        if (result.Outcome == PostingOutcome.Created)
        {
            EconomyTelemetry.SalePosted();
        }

        return result;
    }

    /// <summary>Records delivered sessions: of a prepaid sale (its revenue is recognised and distributed), or of the
    /// free public-welfare tier (counted in the memo units only).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="request">The delivery.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sale record after the delivery (for a free-tier delivery: <c>null</c> value, the journal in <see cref="CommandResult{T}.Journals"/>).</returns>
    public Task<CommandResult<SaleRecord>> RecordDeliveryAsync(LedgerId ledger, DeliveryRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var envelope = CommandEnvelope.For(ledger, "delivery", idempotencyKey, request.Sale?.ToString(), request.Provider, request.PackageId, Iso(request.Date), request.Sessions, request.Beneficiaries);
        return ExecuteAsync(envelope,
            (state, ct) => request.Sale is { } sale ? PlanDeliveryAsync(state, sale, request, ct) : PlanFreeDeliveryAsync(state, request, ct),
            ReplaySaleAsync, cancellationToken);
    }

    /// <summary>Refunds part or all of a sale with a new journal linked to it: revenue and the stored shares are
    /// reversed proportionally, never more than was distributed per party; the refund that empties the sale takes
    /// the exact remainders. A prepaid package refunds its whole undelivered rest. The reversal keeps the sale's
    /// dimensions (tier and programme on revenue; counterparty and <c>agreement = policy:&lt;ref&gt;</c> on the shares).
    /// Session memo (M500.02 delivered / M500.09): a sale's memo holds only sessions delivered — at sale for a sale that
    /// is not prepaid (one session, or a package whose sessions are delivered at sale), at each delivery for a prepaid
    /// one; a prepaid sale books no owed sessions. A refund gives money back and does not undo a delivery, and the
    /// sessions it cancels were never booked, so it reverses no session memo: after it, M500.02 still equals the
    /// sessions delivered.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="request">The refund.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The sale record after the refund.</returns>
    public Task<CommandResult<SaleRecord>> RefundAsync(LedgerId ledger, RefundRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var envelope = request.Channel is { } channel
            ? CommandEnvelope.For(ledger, "refund", idempotencyKey, request.Sale.ToString(), request.Amount, Iso(request.Date), request.Reason, channel)
            : CommandEnvelope.For(ledger, "refund", idempotencyKey, request.Sale.ToString(), request.Amount, Iso(request.Date), request.Reason);
        return ExecuteAsync(envelope, (state, ct) => PlanRefundAsync(state, request, ct), ReplaySaleAsync, cancellationToken);
    }

    private static bool Overlaps(DistributionPolicy a, DistributionPolicy b)
    {
        var aEnd = a.EffectiveTo ?? LocalDate.MaxIsoValue;
        var bEnd = b.EffectiveTo ?? LocalDate.MaxIsoValue;
        return a.EffectiveFrom <= bEnd && b.EffectiveFrom <= aEnd;
    }

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Fen(long minorUnits) => minorUnits.ToString(CultureInfo.InvariantCulture);

    private static ProviderAccounts? ProviderOf(LedgerState state, EntityId provider, string field, List<PostingError> errors)
    {
        var entity = provider.Value is null ? null : state.Definition.FindEntity(provider);
        var accounts = entity is { Kind: EntityKind.Provider } ? ProviderAccounts.For(entity) : null;
        if (accounts is null)
        {
            errors.Add(new PostingError(EconomyErrorCodes.NotAProvider,
                entity is null ? $"Ledger '{state.Definition.Id}' has no entity '{provider}'." : $"'{provider}' is a {entity.Kind} keeping {entity.Profile} books; only NPO_CN or SME_CN providers sell packages.",
                field));
        }

        return accounts;
    }

    private async Task<DistributionPolicy?> PolicyOnAsync(LedgerId ledger, LocalDate date, CancellationToken ct) =>
        (await _store.GetPoliciesAsync(ledger, ct).ConfigureAwait(false)).FirstOrDefault(p => p.AppliesOn(date));

    private async Task<ServicePackage?> PackageOnAsync(LedgerId ledger, string? packageId, LocalDate date, CancellationToken ct) =>
        packageId is null ? null : (await _store.GetPackageVersionsAsync(ledger, packageId, ct).ConfigureAwait(false)).LastOrDefault(v => v.EffectiveFrom <= date);
}
