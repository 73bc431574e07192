using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>
/// Books on several PostgreSQL servers (<c>Books:Shards</c>): every ledger lives whole on one shard, and every call about
/// a ledger goes to that shard. The ledger → shard map (the directory) is kept as create-only documents under the
/// reserved ledger <see cref="DirectoryLedger"/> on the home shard (the first configured shard when the directory was
/// made; it stays where it is whatever the configuration's order later). A placement is written once, when the ledger
/// is first placed, and never rewritten: a ledger never moves. Placements are cached once read (they cannot change).
/// Reserved ledgers (the directory, the operator's keys) live on the home shard. Call <see cref="StartAsync"/> once,
/// after the migrations, before use.
/// </summary>
public sealed partial class ShardedLedgerStore : ILedgerStore, ISnapshotStore
{
    /// <summary>The reserved ledger id under which the directory's documents are kept; no ledger may take it.</summary>
    public static readonly LedgerId DirectoryLedger = LedgerId.From("directory");

    private readonly IReadOnlyList<BooksShard> _shards;
    private readonly Dictionary<string, BooksShard> _byName;
    private readonly HashSet<string> _reserved;
    private readonly IClock _clock;
    private readonly ConcurrentDictionary<string, BooksShard> _placed = new(StringComparer.Ordinal);
    private BooksShard? _home;

    /// <summary>Creates the store over named shards.</summary>
    /// <param name="shards">The shards, in configuration order (the first is the home of a new directory).</param>
    /// <param name="reserved">Ledger ids kept on the home shard besides the directory (such as the operator's keys).</param>
    /// <param name="clock">The clock that dates placements.</param>
    public ShardedLedgerStore(IReadOnlyList<BooksShard> shards, IEnumerable<LedgerId> reserved, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(reserved);
        if (shards.Count == 0)
        {
            throw new ArgumentException("A sharded store needs at least one shard.", nameof(shards));
        }

        _shards = shards;
        _byName = new Dictionary<string, BooksShard>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            if (!_byName.TryAdd(shard.Name, shard))
            {
                throw new ArgumentException($"Two shards are named '{shard.Name}'.", nameof(shards));
            }
        }

        _reserved = [DirectoryLedger.Value, .. reserved.Select(r => r.Value)];
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>The shards, in configuration order.</summary>
    public IReadOnlyList<BooksShard> Shards => _shards;

    /// <summary>The shard that holds the directory and the reserved ledgers (known after <see cref="StartAsync"/>).</summary>
    public BooksShard Home => _home ?? throw new InvalidOperationException("The sharded store is not started: call StartAsync first.");

    /// <summary>Applies every pending migration on every shard.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        foreach (var shard in _shards)
        {
            await shard.Store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks every shard a real query (readiness): throws what the first shard that does not answer throws.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public Task ProbeAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_shards.Select(s => s.Store.GetLedgerAsync(DirectoryLedger, cancellationToken)));

    /// <inheritdoc />
    public async Task<bool> CreateLedgerAsync(LedgerDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var shard = await PlaceAsync(definition.Id, null, cancellationToken).ConfigureAwait(false);
        return await _byName[shard].Store.CreateLedgerAsync(definition, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateLedgerAsync(LedgerDefinition definition, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return await (await StoreOfAsync(definition.Id, cancellationToken).ConfigureAwait(false)).UpdateLedgerAsync(definition, expectedVersion, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Every shard is asked at once; a ledger is listed from the shard the directory places it on (a stray copy on
    /// another shard is never shown), and the lists are merged in ordinal order of ids.</remarks>
    public async Task<IReadOnlyList<LedgerState>> ListLedgersAsync(CancellationToken cancellationToken = default)
    {
        var lists = await Task.WhenAll(_shards.Select(async shard => (Shard: shard, States: await shard.Store.ListLedgersAsync(cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        var merged = new List<LedgerState>();
        foreach (var (shard, states) in lists)
        {
            foreach (var state in states)
            {
                if (await ShardOfAsync(state.Definition.Id, cancellationToken).ConfigureAwait(false) == shard)
                {
                    merged.Add(state);
                }
            }
        }

        merged.Sort((a, b) => a.Definition.Id.CompareTo(b.Definition.Id));
        return merged;
    }

    /// <inheritdoc />
    public async Task<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await (await StoreOfAsync(request.Ledger, cancellationToken).ConfigureAwait(false)).AppendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ClosePeriodAsync(ledger, expectedClosedThrough, closedThrough, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ClosePeriodAsync(ledger, expectedClosedThrough, closedThrough, expectedSequence, documents, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<Journal?> GetJournalAsync(LedgerId ledger, JournalId id, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).GetJournalAsync(ledger, id, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> FindByIdempotencyKeyAsync(LedgerId ledger, string idempotencyKey, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).FindByIdempotencyKeyAsync(ledger, idempotencyKey, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> FindUsedIdempotencyKeysAsync(LedgerId ledger, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).FindUsedIdempotencyKeysAsync(ledger, keys, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<Journal?> FindReversalAsync(LedgerId ledger, JournalId original, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).FindReversalAsync(ledger, original, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> ReadJournalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ReadJournalsAsync(ledger, afterSequence, limit, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> ReadReversalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ReadReversalsAsync(ledger, afterSequence, limit, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalHead>> ReadKindJournalsPageAsync(
        LedgerId ledger, JournalKind kind, EntityId? entity, LocalDate? from, LocalDate? to, DatedJournalId? after, int limit, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ReadKindJournalsPageAsync(ledger, kind, entity, from, to, after, limit, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Journal>> ReadAccountJournalsPageAsync(
        LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, JournalCursor? after, int limit, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ReadAccountJournalsPageAsync(ledger, entity, account, from, to, after, limit, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long> SumAccountDayAsync(LedgerId ledger, EntityId entity, AccountCode account, LocalDate date, long throughSequence, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).SumAccountDayAsync(ledger, entity, account, date, throughSequence, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<Journal> ReadDatedJournalsAsync(LedgerId ledger, LocalDate? from, LocalDate? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var store = await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false);
        await foreach (var journal in store.ReadDatedJournalsAsync(ledger, from, to, cancellationToken).ConfigureAwait(false))
        {
            yield return journal;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerDocument>> ListDocumentsPageAsync(LedgerId ledger, string kind, string? owner, DocumentCursor? after, int limit, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ListDocumentsPageAsync(ledger, kind, owner, after, limit, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<Journal> ReadAccountJournalsAsync(LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var store = await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false);
        await foreach (var journal in store.ReadAccountJournalsAsync(ledger, entity, account, from, to, cancellationToken).ConfigureAwait(false))
        {
            yield return journal;
        }
    }

    /// <inheritdoc />
    public async Task<LedgerSnapshot> OpenSnapshotAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        await LedgerSnapshot.OpenAsync(await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false), ledger, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccountBalance>> GetBalancesAsync(LedgerId ledger, EntityId? entity, LocalDate? asOf, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).GetBalancesAsync(ledger, entity, asOf, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task PutDocumentsAsync(LedgerId ledger, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).PutDocumentsAsync(ledger, documents, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> PutDocumentsAtHeadAsync(LedgerId ledger, long expectedSequence, IReadOnlyList<LedgerDocument> documents, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).PutDocumentsAtHeadAsync(ledger, expectedSequence, documents, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<long?> GetRecordsVersionAsync(LedgerId ledger, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).GetRecordsVersionAsync(ledger, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<int> DeleteDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).DeleteDocumentsAsync(ledger, kind, keys, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<LedgerDocument?> GetDocumentAsync(LedgerId ledger, string kind, string key, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).GetDocumentAsync(ledger, kind, key, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerDocument>> ListDocumentsAsync(LedgerId ledger, string kind, string? owner, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).ListDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerDocument>> GetDocumentsAsync(LedgerId ledger, string kind, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        await (await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false)).GetDocumentsAsync(ledger, kind, keys, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<LedgerDocument> StreamDocumentsAsync(LedgerId ledger, string kind, string? owner, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var store = await StoreOfAsync(ledger, cancellationToken).ConfigureAwait(false);
        await foreach (var document in store.StreamDocumentsAsync(ledger, kind, owner, cancellationToken).ConfigureAwait(false))
        {
            yield return document;
        }
    }

    /// <summary>The ledger's shard's store, as the full <see cref="ILedgerStore"/> (so its own overrides answer).</summary>
    private async ValueTask<ILedgerStore> StoreOfAsync(LedgerId ledger, CancellationToken cancellationToken) =>
        (await ShardOfAsync(ledger, cancellationToken).ConfigureAwait(false)).Store;
}
