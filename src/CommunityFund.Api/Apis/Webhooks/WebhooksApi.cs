using CommunityFund.Api.Security;
using CommunityFund.Api.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Webhook subscribers of the ledger's change feed (hub administrator), and their delivery logs.</summary>
public static class WebhooksApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder group)
    {
        group.MapGet("/webhooks", ListAsync).RequireAuthorization(Policies.Admin).InLedger()
            .WithName("ListWebhooks").WithSummary("The ledger's webhook subscribers (never their secrets).").WithTags("Webhooks");
        group.MapPost("/webhooks", CreateAsync).RequireAuthorization(Policies.Admin).Validates<CreateWebhookRequest>().Idempotent().InLedger()
            .WithName("CreateWebhook").WithSummary("Registers a subscriber: the change feed's events are POSTed to its URL, signed with its secret, in order and at least once (docs/webhooks.md).").WithTags("Webhooks");
        group.MapPost("/webhooks/{webhookId}/disable", DisableAsync).RequireAuthorization(Policies.Admin).Idempotent().InLedger()
            .WithName("DisableWebhook").WithSummary("Disables a subscriber; nothing more is delivered to it.").WithTags("Webhooks");
        group.MapGet("/webhooks/{webhookId}/deliveries", DeliveriesAsync).RequireAuthorization(Policies.Admin).InLedger()
            .WithName("ListWebhookDeliveries").WithSummary("The subscriber's delivery log: each attempt with its event, status or error, time and next retry (the latest 200).").WithTags("Webhooks");
        return group;
    }

    private static async Task<Ok<List<WebhookDto>>> ListAsync(LedgerScope scope, WebhookSubscriptions webhooks) =>
        TypedResults.Ok((await webhooks.ListAsync(scope.Id, scope.RequestAborted)).Select(WebhookDto.FromCore).ToList());

    private static async Task<Results<Created<WebhookDto>, ProblemHttpResult>> CreateAsync(
        CreateWebhookRequest request, LedgerScope scope, WebhookSubscriptions webhooks, WebhookTargets targets, HttpContext http)
    {
        if (targets.Refusal(request.Url, http.Request) is { } refusal)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, refusal, new Dictionary<string, string[]> { ["url"] = [refusal] });
        }

        var result = scope.Answered(await webhooks.CreateAsync(scope.Id, request.Url, request.Secret, request.EventTypes, request.After,
            scope.IdempotencyKey, scope.RequestAborted));
        return result.Value is { } created
            ? TypedResults.Created($"/ledgers/{scope.Id}/webhooks/{created.Id}", WebhookDto.FromCore(created))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<WebhookDto>, ProblemHttpResult>> DisableAsync(string webhookId, LedgerScope scope, WebhookSubscriptions webhooks)
    {
        var result = scope.Answered(await webhooks.DisableAsync(scope.Id, webhookId, scope.IdempotencyKey, scope.RequestAborted));
        return result.Value is { } disabled ? TypedResults.Ok(WebhookDto.FromCore(disabled)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<List<WebhookDeliveryDto>>, ProblemHttpResult>> DeliveriesAsync(string webhookId, LedgerScope scope, WebhookSubscriptions webhooks)
    {
        if (await webhooks.FindAsync(scope.Id, webhookId, scope.RequestAborted) is null)
        {
            return ApiProblems.NotFound(ApiErrorCodes.WebhookNotFound, $"No webhook subscriber '{webhookId}' in this ledger.");
        }

        return TypedResults.Ok((await webhooks.AttemptsAsync(scope.Id, webhookId, scope.RequestAborted)).Select(WebhookDeliveryDto.FromCore).ToList());
    }
}
