using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>
/// A store that passes every call to another one: derive from it to decorate a store (instrumentation, caching,
/// an overlay) by overriding only the calls that change. A snapshot is the decorated store's own
/// (<see cref="LedgerSnapshot.OpenAsync"/>): it reads the books, so it bypasses the decoration.
/// </summary>
public abstract class DelegatingLedgerStore : ILedgerStore, ISnapshotStore
{
    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The store every call goes to unless overridden.</param>
    protected DelegatingLedgerStore(ILedgerStore inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The decorated store.</summary>
    protected ILedgerStore Inner { get; }

    /// <inheritdoc />
    public virtual Task<bool> CreateLedgerAsync(LedgerDefinition definition, CancellationToken cancellationToken = default) => Inner.CreateLedgerAsync(definition, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> UpdateLedgerAsync(LedgerDefinition definition, long? expectedVersion = null, CancellationToken cancellationToken = default) =>
        Inner.UpdateLedgerAsync(definition, expectedVersion, cancellationToken);

    /// <inheritdoc />
    public virtual Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default) => Inner.GetLedgerAsync(ledger, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<LedgerState>> ListLedgersAsync(CancellationToken cancellationToken = default) => Inner.ListLedgersAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default) => Inner.AppendAsync(request, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, CancellationToken cancellationToken = default) =>
        Inner.ClosePeriodAsync(ledger, expectedClosedThrough, closedThrough, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        Inner.ClosePeriodAsync(ledger, expectedClosedThrough, closedThrough, expectedSequence, documents, cancellationToken);

    /// <inheritdoc />
    public virtual Task<Journal?> GetJournalAsync(LedgerId ledger, JournalId id, CancellationToken cancellationToken = default) => Inner.GetJournalAsync(ledger, id, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Journal>> FindByIdempotencyKeyAsync(LedgerId ledger, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Inner.FindByIdempotencyKeyAsync(ledger, idempotencyKey, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlySet<string>> FindUsedIdempotencyKeysAsync(LedgerId ledger, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        Inner.FindUsedIdempotencyKeysAsync(ledger, keys, cancellationToken);

    /// <inheritdoc />
    public virtual Task<Journal?> FindReversalAsync(LedgerId ledger, JournalId original, CancellationToken cancellationToken = default) =>
        Inner.FindReversalAsync(ledger, original, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Journal>> ReadJournalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        Inner.ReadJournalsAsync(ledger, afterSequence, limit, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Journal>> ReadReversalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        Inner.ReadReversalsAsync(ledger, afterSequence, limit, cancellationToken);

    /// <inheritdoc />
    public virtual Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        Inner.PutDocumentsAsync(ledger, documents, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long?> GetRecordsVersionAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        Inner.GetRecordsVersionAsync(ledger, cancellationToken);

    /// <inheritdoc />
    public virtual Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default) =>
        Inner.GetDocumentAsync(ledger, kind, key, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default) =>
        Inner.ListDocumentsAsync(ledger, kind, owner, cancellationToken);

    /// <inheritdoc />
    public virtual Task<bool> PutDocumentsAtHeadAsync(LedgerId ledger, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        Inner.PutDocumentsAtHeadAsync(ledger, expectedSequence, documents, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<LedgerDocument>> GetDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        Inner.GetDocumentsAsync(ledger, kind, keys, cancellationToken);

    /// <inheritdoc />
    public virtual IAsyncEnumerable<LedgerDocument> StreamDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default) =>
        Inner.StreamDocumentsAsync(ledger, kind, owner, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(LedgerId ledger, EntityId? entity, LocalDate? asOf, CancellationToken cancellationToken = default) =>
        Inner.GetBalancesAsync(ledger, entity, asOf, cancellationToken);

    /// <inheritdoc />
    public virtual IAsyncEnumerable<Journal> ReadAccountJournalsAsync(LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, CancellationToken cancellationToken = default) =>
        Inner.ReadAccountJournalsAsync(ledger, entity, account, from, to, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<LedgerDocument>> ListDocumentsPageAsync(LedgerId ledger, string kind, string? owner, DocumentCursor? after, int limit, CancellationToken cancellationToken = default) =>
        Inner.ListDocumentsPageAsync(ledger, kind, owner, after, limit, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<Journal>> ReadAccountJournalsPageAsync(
        LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, JournalCursor? after, int limit, CancellationToken cancellationToken = default) =>
        Inner.ReadAccountJournalsPageAsync(ledger, entity, account, from, to, after, limit, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> SumAccountDayAsync(LedgerId ledger, EntityId entity, AccountCode account, LocalDate date, long throughSequence, CancellationToken cancellationToken = default) =>
        Inner.SumAccountDayAsync(ledger, entity, account, date, throughSequence, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<JournalHead>> ReadKindJournalsPageAsync(
        LedgerId ledger, JournalKind kind, EntityId? entity, LocalDate? from, LocalDate? to, DatedJournalId? after, int limit, CancellationToken cancellationToken = default) =>
        Inner.ReadKindJournalsPageAsync(ledger, kind, entity, from, to, after, limit, cancellationToken);

    /// <inheritdoc />
    public virtual IAsyncEnumerable<Journal> ReadDatedJournalsAsync(LedgerId ledger, LocalDate? from, LocalDate? to, CancellationToken cancellationToken = default) =>
        Inner.ReadDatedJournalsAsync(ledger, from, to, cancellationToken);

    /// <inheritdoc />
    public virtual Task<int> DeleteDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        Inner.DeleteDocumentsAsync(ledger, kind, keys, cancellationToken);

    /// <inheritdoc />
    public virtual Task<LedgerSnapshot> OpenSnapshotAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        LedgerSnapshot.OpenAsync(Inner, ledger, cancellationToken);
}
