using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>
/// The ledger a request acts on: the one in the path, if it is the key's own. Any other ledger is "not found", whether
/// it exists or not, so nothing leaks. One per request (a scoped service): <see cref="LedgerScopeFilter"/>, the
/// innermost filter of every endpoint under <c>/ledgers/{ledgerId}</c>, resolves it after authorisation, validation
/// and idempotency and before the handler runs, or answers <c>ledger.not_found</c>; a handler that takes a
/// <see cref="LedgerScope"/> therefore always gets the ledger, its state, the caller, the books and the request's
/// cancellation.
/// </summary>
/// <param name="store">The books.</param>
/// <param name="clock">The clock, for <see cref="Today"/>.</param>
/// <param name="known">The ledgers seen to exist (a ledger is never deleted).</param>
public sealed class LedgerScope(ILedgerStore store, IClock clock, KnownLedgers known)
{
    /// <summary>The route parameter naming the ledger.</summary>
    public const string RouteParameter = "ledgerId";

    private Resolved? _resolved;

    /// <summary>The ledger.</summary>
    public LedgerId Id => Current.Id;

    /// <summary>Its definition and head, as read when the request was admitted (not on an endpoint whose command reads
    /// them itself: <see cref="LedgerScopeExtensions.InLedgerCommand"/>).</summary>
    public LedgerState State => Current.State ?? throw new InvalidOperationException(
        "This endpoint is mapped with .InLedgerCommand(): its command reads the ledger's state itself; map it with .InLedger() to read it here.");

    /// <summary>The caller, as its API key describes it.</summary>
    public Caller Caller => Current.Caller;

    /// <summary>The request's <c>Idempotency-Key</c> header (the endpoint's idempotency filter has checked it) scoped to
    /// the calling API key (<see cref="IdempotencyScope"/>: key id, <c>~</c>, header value), for the commands that
    /// record it with what they post: one caller's key never replays, conflicts with or reveals another's.</summary>
    public string? IdempotencyKey => Current.IdempotencyKey;

    /// <summary>The books the ledger is kept in.</summary>
    public ILedgerStore Store => store;

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken RequestAborted => Current.RequestAborted;

    /// <summary>Today in the ledger's time zone.</summary>
    public LocalDate Today => clock.GetCurrentInstant().InZone(State.Definition.TimeZone).Date;

    private Resolved Current => _resolved ?? throw new InvalidOperationException(
        "The ledger scope is resolved by LedgerScopeFilter; map the endpoint with .InLedger() as its last filter.");

    /// <summary>A 403 for an entity the caller may not act for, or <c>null</c>.</summary>
    public ProblemHttpResult? DenyWrite(string entity) =>
        Caller.MayWriteFor(entity) ? null : ApiProblems.Problem(StatusCodes.Status403Forbidden, ApiErrorCodes.ForbiddenEntity, $"This key may not act for '{entity}'.");

    /// <summary>A 403 for an entity the caller may not read, or <c>null</c>.</summary>
    public ProblemHttpResult? DenyRead(string entity) =>
        Caller.MayRead(entity) ? null : ApiProblems.Problem(StatusCodes.Status403Forbidden, ApiErrorCodes.ForbiddenEntity, $"This key may not read '{entity}'.");

    /// <summary>A 404 for an entity that is not in the ledger, a 403 for one the caller may not read, or <c>null</c>.</summary>
    public ProblemHttpResult? DenyEntity(string entityId) =>
        !EntityId.TryFrom(entityId, out var id) || State.Definition.FindEntity(id) is null
            ? ApiProblems.NotFound(ErrorCodes.EntityNotFound, $"No entity '{entityId}' in this ledger.")
            : DenyRead(entityId);

    /// <summary>Resolves the scope of the request, or answers the 404 that says nothing about other ledgers.</summary>
    /// <param name="http">The request.</param>
    /// <param name="readState">Whether to read the ledger's state; when not (the endpoint's command reads it itself), a
    /// ledger seen to exist before is not read again, only a ledger not seen yet is (to answer the 404).</param>
    /// <returns><c>null</c> when resolved; otherwise the problem to answer.</returns>
    internal async Task<ProblemHttpResult?> ResolveAsync(HttpContext http, bool readState = true)
    {
        var ledgerId = http.GetRouteValue(RouteParameter) as string ?? string.Empty;
        var caller = Caller.From(http.User);
        if (caller.Ledger != ledgerId || !LedgerId.TryFrom(ledgerId, out var id))
        {
            return NotFound(ledgerId);
        }

        LedgerState? state = null;
        if (readState || !known.Contains(id))
        {
            if (await store.GetLedgerAsync(id, http.RequestAborted) is not { } read)
            {
                return NotFound(ledgerId);
            }

            (state, _) = (read, known.Add(id));
        }

        string? header = http.Request.Headers[IdempotencyFilter.Header];
        var key = string.IsNullOrEmpty(header) ? null : caller.KeyId.Length == 0 ? header : IdempotencyScope.Of(caller.KeyId, header);
        _resolved = new Resolved(id, state, caller, key, http.RequestAborted, http.Response);
        return null;
    }

    private static ProblemHttpResult NotFound(string ledgerId) => ApiProblems.NotFound(ErrorCodes.LedgerNotFound, $"This key has no ledger '{ledgerId}'.");

    /// <summary>Says, with the <c>Idempotent-Replayed: true</c> header, that this answer is the first run's: the
    /// command's own record decided the replayed key (there is no HTTP reply store).</summary>
    /// <typeparam name="T">What the command produced.</typeparam>
    /// <param name="result">The command's result.</param>
    /// <returns>The result.</returns>
    public CommandResult<T> Answered<T>(CommandResult<T> result)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        MarkReplayed(result.Replayed);
        return result;
    }

    /// <summary>As <see cref="Answered{T}(CommandResult{T})"/>, for a service that answers a posting's result (the
    /// time bank): an answer for a key that already exists is the first run's.</summary>
    /// <param name="result">The posting's result.</param>
    /// <returns>The result.</returns>
    public PostingResult Answered(PostingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        MarkReplayed(result.Outcome == PostingOutcome.AlreadyExists && IdempotencyKey is not null);
        return result;
    }

    private void MarkReplayed(bool replayed)
    {
        if (replayed)
        {
            Current.Response.Headers[IdempotencyFilter.ReplayedHeader] = "true";
        }
    }

    private sealed record Resolved(LedgerId Id, LedgerState? State, Caller Caller, string? IdempotencyKey, CancellationToken RequestAborted, HttpResponse Response);
}
