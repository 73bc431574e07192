using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The ledger a request may act on: the one in the path, if it is the key's own. Any other ledger is "not
/// found", whether it exists or not, so nothing leaks.</summary>
/// <param name="Id">The ledger.</param>
/// <param name="State">Its definition and head.</param>
/// <param name="Caller">The caller.</param>
public sealed record Scope(LedgerId Id, LedgerState State, Caller Caller)
{
    /// <summary>Resolves the scope, or a 404 problem.</summary>
    public static async Task<(Scope? Scope, ProblemHttpResult? Problem)> ResolveAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.Ledger != ledgerId || !LedgerId.TryFrom(ledgerId, out var id) || await store.GetLedgerAsync(id, ct) is not { } state)
        {
            return (null, ApiProblems.NotFound("ledger.not_found", $"This key has no ledger '{ledgerId}'."));
        }

        return (new Scope(id, state, caller), null);
    }

    /// <summary>A 403 for an entity the caller may not act for, or <c>null</c>.</summary>
    public ProblemHttpResult? DenyWrite(string entity) =>
        Caller.MayWriteFor(entity) ? null : ApiProblems.Problem(StatusCodes.Status403Forbidden, "auth.forbidden_entity", $"This key may not act for '{entity}'.");

    /// <summary>A 403 for an entity the caller may not read, or <c>null</c>.</summary>
    public ProblemHttpResult? DenyRead(string entity) =>
        Caller.MayRead(entity) ? null : ApiProblems.Problem(StatusCodes.Status403Forbidden, "auth.forbidden_entity", $"This key may not read '{entity}'.");
}
