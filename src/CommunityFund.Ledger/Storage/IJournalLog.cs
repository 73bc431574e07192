using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>
/// The journal log of the books: ledger definitions, the append-only journal chain with its idempotency keys, and the
/// period lock. The <see cref="PostingEngine"/> is its only writer of journals; implementations make each append atomic
/// and check its preconditions (head, key, reversal, period lock) inside the same transaction, so concurrent writers —
/// threads or processes — can never break the sequence or the chain.
/// </summary>
public interface IJournalLog
{
    /// <summary>Creates a ledger.</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><c>false</c> when a ledger with that id exists (nothing changes).</returns>
    Task<bool> CreateLedgerAsync(LedgerDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Replaces the definition of an existing ledger (new entities, extended charts).</summary>
    /// <param name="definition">The definition.</param>
    /// <param name="expectedVersion">The <see cref="LedgerState.DefinitionVersion"/> the change was planned on, or
    /// <c>null</c> to replace whatever is stored (compare-and-set across processes when given).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><c>false</c> when the ledger does not exist, or its definition moved from the expected version.</returns>
    Task<bool> UpdateLedgerAsync(LedgerDefinition definition, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a ledger's definition and head.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The state, or <c>null</c> when the ledger does not exist.</returns>
    Task<LedgerState?> GetLedgerAsync(LedgerId ledger, CancellationToken cancellationToken = default);

    /// <summary>Every ledger the store holds, with its definition and head, ordered by id.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The ledgers' states.</returns>
    Task<IReadOnlyList<LedgerState>> ListLedgersAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends journals atomically after checking, in the same transaction, that the head is still
    /// <see cref="AppendRequest.ExpectedSequence"/>, the key is free, no journal reverses an already reversed one and
    /// no date falls in a closed period.</summary>
    /// <param name="request">The append.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How it ended.</returns>
    Task<AppendOutcome> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default);

    /// <summary>Moves the period lock forward, if it is still where the caller saw it.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="expectedClosedThrough">The lock the caller read.</param>
    /// <param name="closedThrough">The new lock: the last date of the period being closed.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns><c>false</c> when the ledger is missing or its lock moved meanwhile.</returns>
    Task<bool> ClosePeriodAsync(LedgerId ledger, LocalDate? expectedClosedThrough, LocalDate closedThrough, CancellationToken cancellationToken = default);

    /// <summary>Reads one journal.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="id">The journal id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journal, or <c>null</c> when it is not in this ledger.</returns>
    Task<Journal?> GetJournalAsync(LedgerId ledger, JournalId id, CancellationToken cancellationToken = default);

    /// <summary>Reads the journals posted under an idempotency key, in sequence order.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journals; empty when the key is unused.</returns>
    Task<IReadOnlyList<Journal>> FindByIdempotencyKeyAsync(LedgerId ledger, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="keys"/> have journals posted under them: what a group commit asks of all its
    /// members' keys at once. The default looks each key up; a store that can answers in one query.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The keys that are used (ordinal comparison).</returns>
    async Task<IReadOnlySet<string>> FindUsedIdempotencyKeysAsync(LedgerId ledger, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if ((await FindByIdempotencyKeyAsync(ledger, key, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                used.Add(key);
            }
        }

        return used;
    }

    /// <summary>Reads the reversal of a journal.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="original">The reversed journal's id.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The reversal, or <c>null</c> when the journal is not reversed.</returns>
    Task<Journal?> FindReversalAsync(LedgerId ledger, JournalId original, CancellationToken cancellationToken = default);

    /// <summary>Reads a page of the chain in sequence order.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="afterSequence">Journals with a greater sequence are read (0 reads from the start).</param>
    /// <param name="limit">The most journals to read.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page; empty at the end.</returns>
    Task<IReadOnlyList<Journal>> ReadJournalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>A page of the ledger's reversals (journals that reverse another) in sequence order: corrections found without
    /// reading the journals between them. The default reads the chain and filters; a store with an index on the reversed
    /// journal reads only the reversals.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="afterSequence">Reversals with a greater sequence are read (0 reads from the start).</param>
    /// <param name="limit">The most reversals to read (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page; empty at the end.</returns>
    async Task<IReadOnlyList<Journal>> ReadReversalsAsync(LedgerId ledger, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var reversals = new List<Journal>();
        for (var page = await ReadJournalsAsync(ledger, afterSequence, 1_000, cancellationToken).ConfigureAwait(false); page.Count > 0;
             page = await ReadJournalsAsync(ledger, page[^1].Sequence, 1_000, cancellationToken).ConfigureAwait(false))
        {
            reversals.AddRange(page.Where(j => j.ReversalOf is not null));
            if (reversals.Count >= limit)
            {
                break;
            }
        }

        return [.. reversals.Take(limit)];
    }

    /// <summary>One page of an account's register: at most <paramref name="limit"/> journals with a line on an entity's
    /// account, dated inside a range, by accounting date then sequence, after <paramref name="after"/>. The default reads
    /// every such journal and skips to the page; a store with an index on the journals' dates reads only the page.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account.</param>
    /// <param name="from">The first accounting date, or <c>null</c>.</param>
    /// <param name="to">The last accounting date, or <c>null</c>.</param>
    /// <param name="after">Where the page starts (just after it), or <c>null</c> for the first page.</param>
    /// <param name="limit">The most journals to read (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page; empty after the last.</returns>
    async Task<IReadOnlyList<Journal>> ReadAccountJournalsPageAsync(
        LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, JournalCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var journals = new List<Journal>();
        await foreach (var journal in ReadAccountJournalsAsync(ledger, entity, account, from, to, cancellationToken).ConfigureAwait(false))
        {
            if (after is null || after.Precedes(journal.AccountingDate, journal.Sequence))
            {
                journals.Add(journal);
            }
        }

        return [.. journals.OrderBy(j => j.AccountingDate).ThenBy(j => j.Sequence).Take(limit)];
    }

    /// <summary>One page of the journals of a kind (a distribution report's), dated inside a range, by accounting date then
    /// journal id, after <paramref name="after"/>; with an entity, only those with a line on it — their heads (no lines).
    /// The default reads the dated journals and sorts them; a store with an index on the kind's journals by date and id
    /// reads only the page's heads.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="kind">The journals' kind.</param>
    /// <param name="entity">An entity the journals have a line on, or <c>null</c> for all.</param>
    /// <param name="from">The first accounting date, or <c>null</c>.</param>
    /// <param name="to">The last accounting date, or <c>null</c>.</param>
    /// <param name="after">Where the page starts (just after it), or <c>null</c> for the first page.</param>
    /// <param name="limit">The most journals to read (at least 1).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The page; empty after the last.</returns>
    async Task<IReadOnlyList<JournalHead>> ReadKindJournalsPageAsync(
        LedgerId ledger, JournalKind kind, EntityId? entity, LocalDate? from, LocalDate? to, DatedJournalId? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var heads = new List<JournalHead>();
        var first = after is not null && (from is null || after.Date > from) ? after.Date : from;
        await foreach (var journal in ReadDatedJournalsAsync(ledger, first, to, cancellationToken).ConfigureAwait(false))
        {
            if (journal.Kind == kind && (entity is null || journal.Lines.Any(l => l.Entity == entity)) && (after is null || after.Precedes(journal.AccountingDate, journal.Id)))
            {
                heads.Add(JournalHead.Of(journal)); // the heads only: the lines are not kept
            }
        }

        return [.. heads.OrderBy(h => h.AccountingDate).ThenBy(h => h.Id).Take(limit)];
    }

    /// <summary>The journals dated inside a range, in sequence order (a dated export). The default reads the whole
    /// ledger and filters; a store with an index on the journals' dates reads only the range.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="from">The first accounting date, or <c>null</c>.</param>
    /// <param name="to">The last accounting date, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journals.</returns>
    IAsyncEnumerable<Journal> ReadDatedJournalsAsync(LedgerId ledger, LocalDate? from, LocalDate? to, CancellationToken cancellationToken = default) =>
        LedgerStoreExtensions.ScanDatedJournalsAsync(this, ledger, from, to, cancellationToken);

    /// <summary>The net (debits less credits, in minor units) of an entity's lines on an account in the journals dated
    /// <paramref name="date"/> up to and including <paramref name="throughSequence"/>: where a register page that starts
    /// after that journal opens, beyond the balance of the day before. The default reads those journals; a store with an
    /// index on the journals' dates sums the lines in the database.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account.</param>
    /// <param name="date">The accounting date.</param>
    /// <param name="throughSequence">The last sequence included.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The net in minor units.</returns>
    async Task<long> SumAccountDayAsync(LedgerId ledger, EntityId entity, AccountCode account, LocalDate date, long throughSequence, CancellationToken cancellationToken = default)
    {
        long net = 0;
        await foreach (var journal in ReadAccountJournalsAsync(ledger, entity, account, date, date, cancellationToken).ConfigureAwait(false))
        {
            if (journal.Sequence <= throughSequence)
            {
                net = checked(net + journal.Lines.Where(l => l.Entity == entity && l.Account == account).Sum(l => l.SignedMinorUnits));
            }
        }

        return net;
    }

    /// <summary>The journals with at least one line on an entity's account, dated inside a range, in sequence order
    /// (an account's register). The default reads the whole ledger and filters; a store with an index on the lines
    /// reads only what it needs.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account.</param>
    /// <param name="from">The first accounting date, or <c>null</c>.</param>
    /// <param name="to">The last accounting date, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The journals.</returns>
    IAsyncEnumerable<Journal> ReadAccountJournalsAsync(LedgerId ledger, EntityId entity, AccountCode account, LocalDate? from, LocalDate? to, CancellationToken cancellationToken = default) =>
        LedgerStoreExtensions.ScanAccountJournalsAsync(this, ledger, entity, account, from, to, cancellationToken);
}
