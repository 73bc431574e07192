using System.Globalization;
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
public sealed partial class CommunityAgreements
{
    private const string DonatedUseKey = "donated-use";
    private readonly ILedgerStore _store;
    private readonly ICommandPipeline _commands;

    /// <summary>Creates the service.</summary>
    /// <param name="store">The ledger store.</param>
    /// <param name="engine">The posting engine over it.</param>
    public CommunityAgreements(ILedgerStore store, PostingEngine engine)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _commands = (engine ?? throw new ArgumentNullException(nameof(engine))).Commands;
    }

    /// <summary>The ledger's donated-use policy (<see cref="DonatedUse.MemoOnly"/> until set).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The policy.</returns>
    public async Task<DonatedUse> GetDonatedUseAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, CommunityRecords.DonatedUseSetting.Kind, DonatedUseKey, cancellationToken).ConfigureAwait(false) is { } document
            ? CommunityRecords.DonatedUseSetting.Read(document)
            : DonatedUse.MemoOnly;

    /// <summary>Sets the ledger's donated-use policy for the journals posted from now on (posted ones keep theirs).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result.</returns>
    public Task<CommandResult<string>> SetDonatedUseAsync(LedgerId ledger, DonatedUse policy, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        !Enum.IsDefined(policy)
            ? Task.FromResult(CommandResult<string>.Rejected(CommunityErrorCodes.AgreementInvalid, "The policy is MemoOnly or RecognizeAtFairValue.", "donatedUse"))
            : _commands.RunAsync(CommandEnvelope.For(ledger, "donated-use", idempotencyKey, policy.ToString()), (_, _) =>
                Task.FromResult(CommandPlan<string>.WithoutJournals([CommunityRecords.DonatedUseSetting.Write(DonatedUseKey, null, 0, policy)], policy.ToString())), cancellationToken);

    /// <summary>An agreement.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreement, or <c>null</c>.</returns>
    public async Task<ServiceAgreement?> GetAsync(LedgerId ledger, string id, CancellationToken cancellationToken = default) =>
        await _store.GetDocumentAsync(ledger, CommunityRecords.Agreement.Kind, id, cancellationToken).ConfigureAwait(false) is { } document ? CommunityRecords.Agreement.Read(document) : null;

    /// <summary>The agreements of a ledger, optionally of one operator, by id.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="operator">An operator, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The agreements.</returns>
    public async Task<IReadOnlyList<ServiceAgreement>> ListAsync(LedgerId ledger, EntityId? @operator = null, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, CommunityRecords.Agreement.Kind, @operator?.Value, cancellationToken).ConfigureAwait(false))
            .Select(CommunityRecords.Agreement.Read).OrderBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>The deliveries recorded under an agreement, in posting order.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="agreement">The agreement id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The deliveries.</returns>
    public async Task<IReadOnlyList<ServiceDelivery>> ListDeliveriesAsync(LedgerId ledger, string agreement, CancellationToken cancellationToken = default) =>
        [.. (await _store.ListDocumentsAsync(ledger, CommunityRecords.Delivery.Kind, agreement, cancellationToken).ConfigureAwait(false))
            .OrderBy(d => d.Order).Select(CommunityRecords.Delivery.Read)];

    /// <summary>Registers an agreement as a draft.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="agreement">The terms (status draft, nothing charged).</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The stored agreement.</returns>
    public Task<CommandResult<ServiceAgreement>> RegisterAsync(LedgerId ledger, ServiceAgreement agreement, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        return _commands.RunAsync(CommandEnvelope.For(ledger, "agreement-register", idempotencyKey, CommunityRecords.Agreement.Write(agreement.Id, null, 0, agreement).Json),
            (state, ct) => PlanRegisterAsync(state, agreement, ct), cancellationToken);
    }

    private async Task<CommandPlan<ServiceAgreement>> PlanRegisterAsync(LedgerState state, ServiceAgreement agreement, CancellationToken cancellationToken)
    {
        var errors = new List<PostingError>();
        AgreementRules.Check(state.Definition, agreement, errors);
        if (errors.Count > 0)
        {
            return CommandPlan<ServiceAgreement>.Refused(errors);
        }

        return await GetAsync(state.Definition.Id, agreement.Id, cancellationToken).ConfigureAwait(false) is not null
            ? CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementExists, $"Agreement '{agreement.Id}' already exists.", "id")
            : CommandPlan<ServiceAgreement>.WithoutJournals([AgreementDocument(agreement)], agreement);
    }

    /// <summary>Puts a draft agreement in force.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The agreement id.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The active agreement.</returns>
    public Task<CommandResult<ServiceAgreement>> ActivateAsync(LedgerId ledger, string id, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _commands.RunAsync(CommandEnvelope.For(ledger, "agreement-activate", idempotencyKey, id), async (_, ct) =>
        {
            var agreement = await GetAsync(ledger, id, ct).ConfigureAwait(false);
            return agreement switch
            {
                null => CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementNotFound, $"No agreement '{id}'.", "id"),
                { Status: AgreementStatus.Active } => CommandPlan<ServiceAgreement>.WithoutJournals([], agreement),
                { Status: AgreementStatus.Draft } => CommandPlan<ServiceAgreement>.WithoutJournals([AgreementDocument(agreement with { Status = AgreementStatus.Active })], agreement with { Status = AgreementStatus.Active }),
                _ => CommandPlan<ServiceAgreement>.Refused(CommunityErrorCodes.AgreementStatusInvalid, $"Agreement '{id}' has ended; an ended agreement is never put back in force.", "status"),
            };
        }, cancellationToken);

    private async Task<ServiceAgreement?> ReplayAgreementAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) =>
        journals[0].Metadata.TryGetValue("agreement.id", out var id) ? await GetAsync(ledger, id, ct).ConfigureAwait(false) : null;

    private static JournalKind JournalKindOf(ServiceAgreement agreement) => agreement.Kind == AgreementKind.ResourceSwap ? JournalKind.Swap : JournalKind.Lease;

    private static CommandResult<T> NotFound<T>(string id)
        where T : class => CommandResult<T>.Rejected(CommunityErrorCodes.AgreementNotFound, $"No agreement '{id}'.", "id");

    private static LedgerDocument AgreementDocument(ServiceAgreement agreement) => CommunityRecords.Agreement.Write(agreement.Id, agreement.Operator.Value, 0, agreement);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Fen(Money amount) => amount.MinorUnits.ToString(CultureInfo.InvariantCulture);
}
