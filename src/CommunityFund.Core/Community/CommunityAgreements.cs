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

    private async Task<ServiceAgreement?> ReplayAgreementAsync(LedgerId ledger, IReadOnlyList<Journal> journals, CancellationToken ct) =>
        journals[0].Metadata.TryGetValue("agreement.id", out var id) ? await GetAsync(ledger, id, ct).ConfigureAwait(false) : null;

    private static JournalKind JournalKindOf(ServiceAgreement agreement) => agreement.Kind == AgreementKind.ResourceSwap ? JournalKind.Swap : JournalKind.Lease;

    private static CommandResult<T> NotFound<T>(string id)
        where T : class => CommandResult<T>.Rejected(CommunityErrorCodes.AgreementNotFound, $"No agreement '{id}'.", "id");

    private static LedgerDocument AgreementDocument(ServiceAgreement agreement) => DocumentJson.Document(AgreementKindName, agreement.Id, agreement.Operator.Value, 0, agreement);

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Fen(Money amount) => amount.MinorUnits.ToString(CultureInfo.InvariantCulture);
}
