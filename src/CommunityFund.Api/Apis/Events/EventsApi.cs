using CommunityFund.Api.Security;
using CommunityFund.Api.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The change feed: what happened in the ledger, one event per committed journal, in commit order.</summary>
public static class EventsApi
{
    /// <summary>The largest page.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>Maps the endpoint.</summary>
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder group)
    {
        group.MapGet("/events", ListAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("ListEvents").WithSummary("The change feed: events (one per committed journal) after a position, in commit order; pass 'next' as 'after' for the next page. A provider key sees only its own entity's events.")
            .WithTags("Events");
        return group;
    }

    private static async Task<Results<Ok<EventPage>, ProblemHttpResult>> ListAsync([AsParameters] EventQuery query, LedgerScope scope, ChangeFeed feed)
    {
        var errors = new Dictionary<string, string[]>();
        if (query.After < 0)
        {
            errors["after"] = ["'after' is a position of 0 or more."];
        }

        if (query.Limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"'limit' is 1 to {MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "Some query parameters are invalid.", errors);
        }

        var onlyEntity = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : null;
        var (events, next) = await feed.ReadAsync(scope.Id, query.After ?? 0, query.Limit ?? 100, onlyEntity, scope.RequestAborted);
        return TypedResults.Ok(new EventPage(events, next));
    }
}
