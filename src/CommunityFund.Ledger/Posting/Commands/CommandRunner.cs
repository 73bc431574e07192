using System.Collections.Concurrent;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>
/// Runs the commands of the services above the kernel (the economy, agreements, the fund, the time bank): one at a time
/// per ledger in this process, under the same lock as the engine's own postings, and against other processes by
/// compare-and-append on the ledger head. It is the one place that decides idempotency keys: a replayed key with the same
/// fingerprint answers what the first run did (re-rendered from its journals, or the value recorded with a command that
/// posted none); with another fingerprint it is a conflict. A plan's journals post all-or-nothing with its records.
/// One attempt per run: a command that meets another writer answers <see cref="CommandResult{T}.MetAnotherWriter"/>,
/// and <see cref="RetryingCommands"/> runs it again.
/// </summary>
public sealed partial class CommandRunner : ICommandPipeline
{
    private readonly ILedgerStore _ledgers;
    private readonly PostingEngine _engine;
    private readonly ConcurrentDictionary<LedgerId, ConcurrentQueue<GroupTicket>> _queues = new();
    private readonly ConcurrentDictionary<LedgerId, GroupUnderWay> _committing = new();
    private readonly ConcurrentDictionary<LedgerId, KeptLists> _kept = new();

    /// <summary>Creates a runner; <see cref="PostingEngine.Commands"/> makes the one each engine uses.</summary>
    /// <param name="ledgers">The store.</param>
    /// <param name="engine">The engine whose per-ledger lock orders the writes.</param>
    internal CommandRunner(ILedgerStore ledgers, PostingEngine engine)
    {
        _ledgers = ledgers;
        _engine = engine;
    }

    /// <inheritdoc />
    public Task<CommandResult<T>> RunAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.Groupable ? RunGroupedAsync(command, cancellationToken) : RunAloneAsync(command, cancellationToken);
    }

    private async Task<CommandResult<T>> RunAloneAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken)
        where T : class
    {
        using var _ = await _engine.Writers.AcquireAsync(command.Envelope.Ledger, cancellationToken).ConfigureAwait(false);
        return await RunHeldAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt, with the ledger's lock held.</summary>
    private async Task<CommandResult<T>> RunHeldAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken)
        where T : class
    {
        var ledger = command.Envelope.Ledger;
        if (await DecidedBeforeAsync(command, cancellationToken).ConfigureAwait(false) is { } decided)
        {
            return decided;
        }

        var state = await _ledgers.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            return CommandResult<T>.Rejected(ErrorCodes.LedgerNotFound, $"Ledger '{ledger}' does not exist.", "ledger");
        }

        var planned = await command.Plan(state, cancellationToken).ConfigureAwait(false);
        if (!planned.Errors.IsEmpty)
        {
            return CommandResult<T>.Rejected(planned.Errors);
        }

        if (planned.Effect is { } effect)
        {
            return await CarryOutAsync(command, effect, cancellationToken).ConfigureAwait(false);
        }

        return planned.Drafts.IsEmpty
            ? await WriteRecordsAsync(command, state, planned, cancellationToken).ConfigureAwait(false)
            : await PostAsync(command, state, planned, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What a key used before decides: the first run's answer, or a conflict; <c>null</c> for a new key.</summary>
    private async Task<CommandResult<T>?> DecidedBeforeAsync<T>(LedgerCommand<T> command, CancellationToken cancellationToken)
        where T : class
    {
        var key = command.Envelope.IdempotencyKey;
        if (key is null)
        {
            return null;
        }

        if (await DecidedByAsync(command, key, cancellationToken).ConfigureAwait(false) is { } decided)
        {
            return decided;
        }

        // Books written before keys were scoped to the caller hold the raw key: it answers the same request only, and
        // other content under it is a new request (a conflict would reveal another caller's key).
        return IdempotencyScope.Legacy(key) is { } raw && await DecidedByAsync(command, raw, cancellationToken).ConfigureAwait(false) is { Replayed: true } replayed
            ? replayed
            : null;
    }

    /// <summary>What one recorded key decides: the first run's answer, or a conflict; <c>null</c> when it is not recorded.</summary>
    private async Task<CommandResult<T>?> DecidedByAsync<T>(LedgerCommand<T> command, string key, CancellationToken cancellationToken)
        where T : class
    {
        var (ledger, _, _, fingerprint) = command.Envelope;
        var existing = await _ledgers.FindByIdempotencyKeyAsync(ledger, key, cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            return CommandRecords.FingerprintOf(existing[0]) == fingerprint
                ? new CommandResult<T>(PostingOutcome.AlreadyExists, await command.Replay(ledger, existing, cancellationToken).ConfigureAwait(false), [.. existing], []) { Replayed = true }
                : Conflict<T>(key, $"journal {existing[0].Id}");
        }

        if (await _ledgers.GetDocumentAsync(ledger, CommandRecords.Kind, key, cancellationToken).ConfigureAwait(false) is not { } recorded)
        {
            return null;
        }

        var record = CommandRecords.Read(recorded);
        return record.Fingerprint == fingerprint
            ? new CommandResult<T>(PostingOutcome.AlreadyExists, CommandRecords.ValueOf<T>(record), [], []) { Replayed = true }
            : Conflict<T>(key, $"command '{record.Command}'");
    }

    private static CommandResult<T> Conflict<T>(string key, string firstUse)
        where T : class =>
        new(PostingOutcome.Conflict, null, [], [new PostingError(ErrorCodes.IdempotencyConflict,
            $"Idempotency key '{key}' was already used for a different request ({firstUse}); use a new key for a new request.", "idempotencyKey")]);

    /// <summary>A command with nothing to post: its records, and the record of its key with the value it answered.</summary>
    private async Task<CommandResult<T>> WriteRecordsAsync<T>(LedgerCommand<T> command, LedgerState state, CommandPlan<T> planned, CancellationToken cancellationToken)
        where T : class
    {
        var (documents, value) = planned.Commit([]);
        var written = command.Envelope.IdempotencyKey is null ? documents : [.. documents, CommandRecords.Of(command.Envelope, value)];
        if (planned.AtHead && !await _ledgers.PutDocumentsAtHeadAsync(command.Envelope.Ledger, state.Head.Sequence, written, cancellationToken).ConfigureAwait(false))
        {
            return CommandResult<T>.AnotherWriter(command.Envelope.Ledger);
        }

        if (!planned.AtHead && written.Count > 0)
        {
            await _ledgers.PutDocumentsAsync(command.Envelope.Ledger, written, cancellationToken).ConfigureAwait(false);
        }

        return new CommandResult<T>(documents.Count > 0 ? PostingOutcome.Created : PostingOutcome.AlreadyExists, value, [], []);
    }

    /// <summary>A command carried out by its effect; its key is recorded once the effect succeeded.</summary>
    private async Task<CommandResult<T>> CarryOutAsync<T>(LedgerCommand<T> command, Func<CancellationToken, Task<CommandResult<T>>> effect, CancellationToken cancellationToken)
        where T : class
    {
        var result = await effect(cancellationToken).ConfigureAwait(false);
        // An effect that posted journals under the key needs no record: the journals carry the key and its fingerprint.
        var key = command.Envelope.IdempotencyKey;
        if (result.Outcome == PostingOutcome.Created && key is not null && !result.Journals.Any(j => j.IdempotencyKey == key))
        {
            await _ledgers.PutDocumentsAsync(command.Envelope.Ledger, [CommandRecords.Of(command.Envelope, result.Value)], cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<CommandResult<T>> PostAsync<T>(LedgerCommand<T> command, LedgerState state, CommandPlan<T> planned, CancellationToken cancellationToken)
        where T : class
    {
        T? value = null;
        var batch = new PostingBatch(command.Envelope.Ledger, planned.Drafts, command.Envelope.IdempotencyKey)
        {
            ExpectedSequence = state.Head.Sequence,
            Fingerprint = command.Envelope.Fingerprint,
            // The command's records are written in the same transaction as its journals.
            Documents = journals =>
            {
                var (documents, committed) = planned.Commit(journals);
                value = committed;
                return documents;
            },
        };
        var posted = await _engine.PostBatchHeldAsync(batch, state, cancellationToken).ConfigureAwait(false);
        return posted.Outcome switch
        {
            PostingOutcome.Created => CommandResult<T>.From(posted, value),
            PostingOutcome.Rejected when posted.Errors.Any(e => e.Code == ErrorCodes.LedgerHeadMoved) => CommandResult<T>.AnotherWriter(command.Envelope.Ledger),
            PostingOutcome.Rejected => CommandResult<T>.From(posted, null),
            // Another process used the key meanwhile: the next attempt decides from what it posted.
            _ => CommandResult<T>.AnotherWriter(command.Envelope.Ledger),
        };
    }
}
