using CommunityFund.Api.Security;
using CommunityFund.Audit;
using CommunityFund.Posting;
using CommunityFund.Publishing;
using CommunityFund.Reports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Publishing closed months (公示): an immutable, signed snapshot of the fund's figures, read back with the
/// corrections made since.</summary>
public static class PublicationsApi
{
    private const string Tag = "Publications";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapPublications(this RouteGroupBuilder group)
    {
        group.MapPost("/publications/{period}", PublishAsync).RequireAuthorization(Policies.Admin).Idempotent().InLedger()
            .WithName("PublishMonth").WithSummary("Publishes a closed month (yyyy-MM): the fund's figures, signed with the chain head they were built from (hub administrator).").WithTags(Tag);
        group.MapGet("/publications", ListAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("Publications").WithSummary("The published months, each with the corrections made since.").WithTags(Tag);
        group.MapGet("/publications/{period}", GetAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("Publication").WithSummary("A published month with the corrections made since (更正说明).").WithTags(Tag);
        return group;
    }

    private static async Task<Results<Created<PublicationDto>, ProblemHttpResult>> PublishAsync(string period, LedgerScope scope, Publications publications)
    {
        if (QueryValues.Month(period) is not { } month)
        {
            return QueryValues.BadMonth();
        }

        // Sign only books whose chain verifies, as a checkpoint: the hub never vouches for broken books.
        var chain = await ChainVerifier.VerifyAsync(scope.Store, scope.Id, cancellationToken: scope.RequestAborted);
        if (!chain.IsIntact)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, AuditFindingCodes.ChainBroken, $"The chain breaks at {chain.FirstBadSequence}: {chain.Problem} Nothing is published.");
        }

        var result = scope.Answered(await publications.PublishAsync(scope.Id, month, scope.IdempotencyKey, scope.RequestAborted));
        return result.Value is { } published
            ? TypedResults.Created($"/ledgers/{scope.Id}/publications/{period}", PublicationDto.FromCore(published, []))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Ok<List<PublicationDto>>> ListAsync(LedgerScope scope, Publications publications)
    {
        var months = new List<PublicationDto>();
        foreach (var publication in await publications.ListAsync(scope.Id, scope.RequestAborted))
        {
            var month = await publications.GetAsync(scope.Id, publication.Period, scope.RequestAborted);
            months.Add(PublicationDto.FromCore(publication, month?.Corrections ?? []));
        }

        return TypedResults.Ok(months);
    }

    private static async Task<Results<Ok<PublicationDto>, ProblemHttpResult>> GetAsync(string period, LedgerScope scope, Publications publications)
    {
        if (QueryValues.Month(period) is not { } month)
        {
            return QueryValues.BadMonth();
        }

        return await publications.GetAsync(scope.Id, month, scope.RequestAborted) is { } published
            ? TypedResults.Ok(PublicationDto.FromCore(published.Publication, published.Corrections))
            : ApiProblems.Problem(StatusCodes.Status404NotFound, Community.CommunityErrorCodes.PublicationNotFound, $"{period} has not been published.");
    }
}
