using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using CommunityFund.Utility;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>
/// The single write path of the books. It checks every rule, assigns the gapless sequence, links each journal into
/// the hash chain and appends atomically through the <see cref="ILedgerStore"/>. Every request ends in one
/// <see cref="PostingOutcome"/>; a refused request leaves the store unchanged.
/// </summary>
/// <remarks>
/// Appends to one ledger are serialised inside this engine (share one instance per process), and the store's
/// compare-and-append check makes writers in other processes safe too: when another writer moved the head, the
/// engine re-reads and tries again.
/// </remarks>
public sealed class PostingEngine
{
    private const int MaxAttempts = 200;
    private readonly ILedgerStore _store;
    private readonly IClock _clock;
    private readonly LedgerWriters _writers = new();

    /// <summary>Creates an engine over a store.</summary>
    /// <param name="store">Where the books are kept.</param>
    /// <param name="clock">The source of recording instants and of "today".</param>
    public PostingEngine(ILedgerStore store, IClock clock)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Commands = new TracedCommands(new RetryingCommands(new CommandRunner(store, this)));
    }

    /// <summary>
    /// The one command pipeline of this engine's books: every command of the services above the kernel (the economy,
    /// agreements, the fund, the time bank) runs through it — traced (<see cref="TracedCommands"/>), retried when another
    /// writer got in first (<see cref="RetryingCommands"/>), and run by one <see cref="CommandRunner"/> that orders the
    /// ledger's writes with this engine's own postings, decides idempotency keys and groups commits.
    /// </summary>
    public ICommandPipeline Commands { get; }

    /// <summary>Posts one journal.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="draft">The journal.</param>
    /// <param name="idempotencyKey">The client's key, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result.</returns>
    public Task<PostingResult> PostAsync(LedgerId ledger, JournalDraft draft, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return PostBatchAsync(new PostingBatch(ledger, [draft], idempotencyKey), cancellationToken);
    }

    /// <summary>Posts journals all-or-nothing: either every journal of the batch enters the books, with consecutive
    /// sequence numbers, or none does.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result.</returns>
    public Task<PostingResult> PostBatchAsync(PostingBatch batch, CancellationToken cancellationToken = default) =>
        PostBatchAsync(batch, known: null, cancellationToken);

    /// <summary>Posts a batch planned on <paramref name="known"/>, a state its caller has just read (and whose
    /// idempotency key it has just looked up): the first attempt appends without reading them again; a stale state
    /// only costs a refused append and a fresh read.</summary>
    internal async Task<PostingResult> PostBatchAsync(PostingBatch batch, LedgerState? known, CancellationToken cancellationToken)
    {
        using (await _writers.AcquireAsync(batch.Ledger, cancellationToken).ConfigureAwait(false))
        {
            return await PostBatchHeldAsync(batch, known, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The per-ledger lock every write of this engine holds: its postings, and the commands of
    /// <see cref="Commands"/>, so one lock orders a ledger's writes in this process (and the group commit a planner
    /// left under way, which every other writer waits for).</summary>
    internal LedgerWriters Writers => _writers;

    /// <summary>The store this engine writes.</summary>
    internal ILedgerStore Store => _store;

    /// <summary>Posts a batch while the caller holds the ledger's lock in <see cref="Writers"/>.</summary>
    internal async Task<PostingResult> PostBatchHeldAsync(PostingBatch batch, LedgerState? known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var errors = new List<PostingError>();
        JournalRules.CheckIdempotencyKey(batch.IdempotencyKey, errors);
        var drafts = batch.Journals.IsDefault ? [] : batch.Journals;
        if (drafts.Length is 0 or > PostingLimits.MaxJournalsPerBatch)
        {
            errors.Add(new PostingError(ErrorCodes.BatchSize, $"A batch holds 1–{PostingLimits.MaxJournalsPerBatch} journals; this one has {drafts.Length}.", "journals"));
        }

        if (errors.Count > 0)
        {
            return PostingResult.Rejected(errors);
        }

        var requestHash = batch.IdempotencyKey is null ? null : batch.Fingerprint ?? CanonicalForm.RequestHash(batch);
        return await WriteHeldAsync(batch.Ledger, batch.IdempotencyKey, requestHash, batch.Documents, known, (state, now) =>
        {
            var problems = new List<PostingError>();
            if (batch.ExpectedSequence is { } expected && state.Head.Sequence != expected)
            {
                problems.Add(new PostingError(ErrorCodes.LedgerHeadMoved, $"The ledger moved from sequence {expected} to {state.Head.Sequence}; plan the request again.", "ledger"));
                return (null, problems);
            }

            for (var i = 0; i < drafts.Length; i++)
            {
                JournalRules.CheckDraft(state, drafts[i], $"journals[{i}]", problems);
            }

            return problems.Count > 0
                ? (null, problems)
                : (drafts.Select(d => new Unposted(d!.AccountingDate, d.Kind, d.Memo, d.SourceReference, null, d.Lines) { Metadata = d.Metadata }).ToList(), problems);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The recording instant of a write now: whole microseconds, which every store (PostgreSQL's timestamptz
    /// included) keeps exactly, so the hash holds.</summary>
    internal Instant RecordingInstant() => Instant.FromUnixTimeTicks(_clock.GetCurrentInstant().ToUnixTimeTicks() / 10 * 10);

    /// <summary>Checks a batch against <paramref name="state"/> and chains its journals onto that state's head without
    /// writing them — one member of a group commit (<see cref="AppendGroupHeldAsync"/>).</summary>
    internal (List<Journal>? Journals, List<PostingError> Errors) Prepare(LedgerState state, PostingBatch batch, Instant now)
    {
        var errors = new List<PostingError>();
        JournalRules.CheckIdempotencyKey(batch.IdempotencyKey, errors);
        var drafts = batch.Journals.IsDefault ? [] : batch.Journals;
        if (drafts.Length is 0 or > PostingLimits.MaxJournalsPerBatch)
        {
            errors.Add(new PostingError(ErrorCodes.BatchSize, $"A batch holds 1–{PostingLimits.MaxJournalsPerBatch} journals; this one has {drafts.Length}.", "journals"));
        }

        for (var i = 0; i < drafts.Length && errors.Count == 0; i++)
        {
            JournalRules.CheckDraft(state, drafts[i], $"journals[{i}]", errors);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var requestHash = batch.IdempotencyKey is null ? null : batch.Fingerprint ?? CanonicalForm.RequestHash(batch);
        var unposted = drafts.Select(d => new Unposted(d!.AccountingDate, d.Kind, d.Memo, d.SourceReference, null, d.Lines) { Metadata = d.Metadata }).ToList();
        return (Chain(state, unposted, now, batch.IdempotencyKey, requestHash), errors);
    }

    /// <summary>Appends the journals of several prepared batches in one transaction (serialised with this engine's
    /// other writes to the ledger; the store's compare-and-append guards against other processes).</summary>
    internal Task<AppendOutcome> AppendGroupHeldAsync(AppendRequest request, CancellationToken cancellationToken) =>
        AppendMeasuredAsync(request, cancellationToken);

    /// <summary>Appends through the store, counting the journals and timing the append when it is durable
    /// (<see cref="PostingTelemetry"/>).</summary>
    private async Task<AppendOutcome> AppendMeasuredAsync(AppendRequest request, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await _store.AppendAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome == AppendOutcome.Appended)
        {
            PostingTelemetry.Appended(request.Journals.Count, started);
        }

        return outcome;
    }

    /// <summary>Reverses a posted journal (红字冲销): a new journal with every line on the other side, linked to the
    /// original. A journal is reversed at most once; a reversal is never itself reversed.</summary>
    /// <param name="request">The reversal.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result, whose journal is the reversal.</returns>
    public async Task<PostingResult> ReverseAsync(ReversalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using (await _writers.AcquireAsync(request.Ledger, cancellationToken).ConfigureAwait(false))
        {
            return await ReverseHeldAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reverses a journal while the caller holds the ledger's lock in <see cref="Writers"/>.</summary>
    internal async Task<PostingResult> ReverseHeldAsync(ReversalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<PostingError>();
        JournalRules.CheckIdempotencyKey(request.IdempotencyKey, errors);
        JournalRules.CheckText(request.Reason, PostingLimits.MaxMemoLength, required: true, ErrorCodes.ReversalReasonRequired, "reason", errors);
        if (errors.Count > 0)
        {
            return PostingResult.Rejected(errors);
        }

        var requestHash = request.IdempotencyKey is null ? null : CanonicalForm.RequestHash(request);
        var original = await _store.GetJournalAsync(request.Ledger, request.Journal, cancellationToken).ConfigureAwait(false);
        return await WriteHeldAsync(request.Ledger, request.IdempotencyKey, requestHash, null, null, (state, now) =>
        {
            var problems = new List<PostingError>();
            if (original is null)
            {
                problems.Add(new PostingError(ErrorCodes.JournalNotFound, $"Ledger '{request.Ledger}' has no journal {request.Journal}.", "journal"));
                return (null, problems);
            }

            if (original.Kind == JournalKind.Reversal)
            {
                problems.Add(new PostingError(ErrorCodes.JournalIsReversal, $"Journal {original.Id} is a reversal; post a new journal instead of reversing it.", "journal"));
                return (null, problems);
            }

            var date = request.Date ?? now.InZone(state.Definition.TimeZone).Date;
            if (date < original.AccountingDate)
            {
                problems.Add(new PostingError(ErrorCodes.ReversalDateBeforeOriginal,
                    $"The reversal date {JournalRules.Iso(date)} is before the original's date {JournalRules.Iso(original.AccountingDate)}.", "date"));
            }

            JournalRules.CheckDate(state, date, "date", problems);
            var lines = original.Lines
                .Select(l => new LineDraft(l.Entity, l.Account, l.Side == Side.Debit ? Side.Credit : Side.Debit, l.Amount) { Dimensions = l.Dimensions })
                .ToImmutableArray();
            return problems.Count > 0
                ? (null, problems)
                : ([new Unposted(date, JournalKind.Reversal, request.Reason, $"reversal-of:{original.Id}", original.Id, lines)], problems);
        }, cancellationToken, alreadyReversedCheck: request.Journal).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the next open month: from then on nothing posts, and nothing is reversed, with a date inside it or any
    /// earlier period. Months close in order; the first is the month the books start in.
    /// </summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="period">The month to close.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The result.</returns>
    public async Task<PeriodCloseResult> ClosePeriodAsync(LedgerId ledger, YearMonth period, CancellationToken cancellationToken = default)
    {
        using (await _writers.AcquireAsync(ledger, cancellationToken).ConfigureAwait(false))
        {
            return await ClosePeriodHeldAsync(ledger, period, [], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the period while the caller holds the ledger's lock in <see cref="Writers"/>; the record of the
    /// close (<see cref="PeriodCloseRecord"/>, with <paramref name="closingJournals"/>) is written with the lock.</summary>
    internal async Task<PeriodCloseResult> ClosePeriodHeldAsync(LedgerId ledger, YearMonth period, ImmutableArray<JournalId> closingJournals, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var state = await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                return PeriodCloseResult.Refused(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.");
            }

            var closed = state.Head.ClosedThrough;
            var end = period.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1);
            if (closed is { } through && end <= through)
            {
                return PeriodCloseResult.Refused(ErrorCodes.PeriodAlreadyClosed, $"{period} is already closed (the books are closed through {JournalRules.Iso(through)}).");
            }

            var next = closed is { } c ? c.PlusDays(1) : state.Definition.BooksStart;
            if (YearMonth(next) != period)
            {
                return PeriodCloseResult.Refused(ErrorCodes.PeriodNotNext,
                    $"Periods close in order: the next to close is {YearMonth(next)}, not {period}.");
            }

            var now = RecordingInstant();
            var record = new PeriodCloseRecord(JournalId.NewId(now).Value, period, end, closingJournals, now, state.Head.Sequence);
            if (await _store.ClosePeriodAsync(ledger, closed, end, state.Head.Sequence, [PeriodCloseRecords.Write(record)], cancellationToken).ConfigureAwait(false))
            {
                return new PeriodCloseResult(true, end, []);
            }
        }

        return PeriodCloseResult.Refused(ErrorCodes.LedgerBusy, $"Ledger '{ledger}' stayed busy; try again.");
    }

    private static YearMonth YearMonth(LocalDate date) => new(date.Year, date.Month);

    private async Task<PostingResult> WriteHeldAsync(
        LedgerId ledger,
        string? idempotencyKey,
        string? requestHash,
        Func<ImmutableArray<Journal>, IReadOnlyList<LedgerDocument>>? documents,
        LedgerState? known,
        Func<LedgerState, Instant, (List<Unposted>? Journals, List<PostingError> Errors)> build,
        CancellationToken cancellationToken,
        JournalId? alreadyReversedCheck = null)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var fresh = attempt > 0 || known is null;
            var state = fresh ? await _store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false) : known;
            if (state is null)
            {
                return PostingResult.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
            }

            if (idempotencyKey is not null && fresh && await DecidedByKeyAsync(ledger, idempotencyKey, requestHash, cancellationToken).ConfigureAwait(false) is { } decided)
            {
                return decided;
            }

            if (alreadyReversedCheck is { } original &&
                await _store.FindReversalAsync(ledger, original, cancellationToken).ConfigureAwait(false) is { } reversal)
            {
                return PostingResult.Rejected(ErrorCodes.JournalAlreadyReversed, $"Journal {original} was already reversed by journal {reversal.Id} (sequence {reversal.Sequence}).", "journal");
            }

            var now = RecordingInstant();
            var (unposted, errors) = build(state, now);
            if (unposted is null)
            {
                return PostingResult.Rejected(errors);
            }

            var journals = Chain(state, unposted, now, idempotencyKey, requestHash);
            var append = new AppendRequest(ledger, state.Head.Sequence, journals, idempotencyKey, requestHash)
            {
                Documents = documents?.Invoke([.. journals]) ?? [],
            };
            var outcome = await AppendMeasuredAsync(append, cancellationToken).ConfigureAwait(false);
            switch (outcome)
            {
                case AppendOutcome.Appended:
                    return new PostingResult(PostingOutcome.Created, [.. journals], []);
                case AppendOutcome.LedgerNotFound:
                    return PostingResult.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
                default:
                    // Another writer (another process) got in first — head, key, reversal or period lock moved:
                    // back off a little, with jitter so competing writers do not collide again, and decide again.
                    await Task.Delay(Random.Shared.Next(0, Math.Min(50, 2 + (attempt * 3))), cancellationToken).ConfigureAwait(false);
                    continue;
            }
        }

        return PostingResult.Rejected(ErrorCodes.LedgerBusy, $"Ledger '{ledger}' stayed busy with other writers; try again.");
    }

    /// <summary>What a key used before decides: the journals it posted (same request) or a conflict; <c>null</c> for a new key.</summary>
    private async Task<PostingResult?> DecidedByKeyAsync(LedgerId ledger, string idempotencyKey, string? requestHash, CancellationToken cancellationToken)
    {
        var existing = await _store.FindByIdempotencyKeyAsync(ledger, idempotencyKey, cancellationToken).ConfigureAwait(false);
        if (existing.Count == 0)
        {
            // Books written before keys were scoped to the caller hold the raw key: it answers the same request only.
            var legacy = IdempotencyScope.Legacy(idempotencyKey) is { } raw
                ? await _store.FindByIdempotencyKeyAsync(ledger, raw, cancellationToken).ConfigureAwait(false)
                : [];
            return legacy.Count > 0 && legacy[0].RequestHash == requestHash ? new PostingResult(PostingOutcome.AlreadyExists, [.. legacy], []) : null;
        }

        return existing[0].RequestHash == requestHash
            ? new PostingResult(PostingOutcome.AlreadyExists, [.. existing], [])
            : new PostingResult(PostingOutcome.Conflict, [], [new PostingError(ErrorCodes.IdempotencyConflict,
                $"Idempotency key '{idempotencyKey}' was already used for a different request (journal {existing[0].Id}); use a new key for a new request.", "idempotencyKey")]);
    }

    private static List<Journal> Chain(LedgerState state, List<Unposted> unposted, Instant now, string? idempotencyKey, string? requestHash)
    {
        var journals = new List<Journal>(unposted.Count);
        var previous = state.Head.Hash;
        var sequence = state.Head.Sequence;
        foreach (var draft in unposted)
        {
            sequence++;
            var lines = draft.Lines
                .Select(l => new JournalLine(l.Entity, l.Account, l.Side, l.Amount, l.Dimensions ?? Dimensions.Empty))
                .ToImmutableArray();
            var journal = new Journal(JournalId.NewId(now), state.Definition.Id, sequence, draft.Date, now, draft.Kind, draft.Memo ?? string.Empty, lines, previous, string.Empty)
            {
                SourceReference = draft.Source,
                IdempotencyKey = idempotencyKey,
                RequestHash = requestHash,
                ReversalOf = draft.ReversalOf,
                Metadata = draft.Metadata ?? JournalMetadata.Empty,
            };
            var hash = CanonicalForm.ComputeHash(journal);
            journal = journal.WithHash(hash);
            journals.Add(journal);
            previous = hash;
        }

        return journals;
    }

    private sealed record Unposted(LocalDate Date, JournalKind Kind, string? Memo, string? Source, JournalId? ReversalOf, ImmutableArray<LineDraft> Lines)
    {
        internal ImmutableSortedDictionary<string, string>? Metadata { get; init; }
    }
}
