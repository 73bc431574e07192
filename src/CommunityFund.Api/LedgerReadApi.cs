using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api;

/// <summary>Read-only endpoints over the kernel: the chain verification and trial balances.</summary>
public static class LedgerReadApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapLedgerReads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ledgers/{ledgerId}").WithTags("Ledgers");
        group.MapGet("/verification", VerifyAsync).WithName("VerifyChain").WithSummary("Verifies the ledger's hash chain.");
        group.MapGet("/entities/{entityId}/trial-balance", TrialBalanceAsync).WithName("TrialBalance").WithSummary("An entity's trial balance.");
        return app;
    }

    private static async Task<Results<Ok<ChainVerification>, ProblemHttpResult>> VerifyAsync(string ledgerId, ILedgerStore store, CancellationToken ct)
    {
        if (!LedgerId.TryFrom(ledgerId, out var id) || await store.GetLedgerAsync(id, ct) is null)
        {
            return NotFound("ledger.not_found", $"No ledger '{ledgerId}'.");
        }

        return TypedResults.Ok(await ChainVerifier.VerifyAsync(store, id, cancellationToken: ct));
    }

    private static async Task<Results<Ok<TrialBalance>, ProblemHttpResult>> TrialBalanceAsync(string ledgerId, string entityId, ILedgerStore store, CancellationToken ct)
    {
        if (!LedgerId.TryFrom(ledgerId, out var id) || await store.GetLedgerAsync(id, ct) is not { } state)
        {
            return NotFound("ledger.not_found", $"No ledger '{ledgerId}'.");
        }

        if (!EntityId.TryFrom(entityId, out var entity) || state.Definition.FindEntity(entity) is null)
        {
            return NotFound("entity.not_found", $"No entity '{entityId}' in ledger '{ledgerId}'.");
        }

        return TypedResults.Ok(await TrialBalance.BuildAsync(store, id, entity, null, ct));
    }

    private static ProblemHttpResult NotFound(string code, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", extensions: new Dictionary<string, object?> { ["code"] = code });
}
