using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The ledger, its entities and their charts of accounts.</summary>
public static class LedgersApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapLedgers(this RouteGroupBuilder group)
    {
        group.MapGet("/", GetLedger).RequireAuthorization(Policies.Read).InLedger().WithName("GetLedger").WithSummary("The ledger, its head and its entities.").WithTags("Ledgers");
        group.MapGet("/entities", ListEntities).RequireAuthorization(Policies.Read).InLedger().WithName("ListEntities").WithSummary("The accounting entities of the ledger.").WithTags("Ledgers");
        group.MapPost("/entities", AddEntityAsync).RequireAuthorization(Policies.Admin).Validates<EntityRequest>().Idempotent().InLedger()
            .WithName("AddEntity").WithSummary("Adds an accounting entity with its profile's chart of accounts (hub administrator).").WithTags("Ledgers");
        group.MapGet("/entities/{entityId}/accounts", ListAccounts).RequireAuthorization(Policies.Read).InLedger()
            .WithName("ListAccounts").WithSummary("An entity's chart of accounts, with Chinese and English names.").WithTags("Ledgers");
        group.MapPost("/entities/{entityId}/accounts", AddSubAccountAsync).RequireAuthorization(Policies.Admin).Validates<SubAccountRequest>().Idempotent().InLedger()
            .WithName("AddSubAccount").WithSummary("Adds a sub-account (e.g. 5201.01) to an entity's chart (hub administrator).").WithTags("Ledgers");
        group.MapPost("/entities/{entityId}/chart-transition", TransitionAsync).RequireAuthorization(Policies.Admin).Idempotent().InLedger()
            .WithName("TransitionChart")
            .WithSummary("Moves a 民非 entity from the 2004 chart to the revised one (NPO_CN@2026-01-01) by its transition journal (hub administrator).")
            .WithTags("Ledgers");
        return group;
    }

    private static Ok<LedgerDto> GetLedger(LedgerScope scope) => TypedResults.Ok(LedgerDto.FromCore(scope.State));

    private static Ok<List<EntityDto>> ListEntities(LedgerScope scope) => TypedResults.Ok(scope.State.Definition.Entities.Values.Select(EntityDto.FromCore).ToList());

    private static async Task<Results<Created<EntityDto>, ProblemHttpResult>> AddEntityAsync(EntityRequest request, LedgerScope scope, PostingEngine engine)
    {
        var entity = request.ToCore(scope.State.Definition.BooksStart);
        var result = scope.Answered(await new DefinitionCommands(engine).AddEntityAsync(scope.Id, entity, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{scope.Id}/entities/{entity.Id}/accounts", EntityDto.FromCore(entity))
            : ApiProblems.FromErrors(result.Errors);
    }

    /// <summary>An entity's chart: 404 for an unknown entity, 403 for another provider's (a provider reads its own).</summary>
    private static Results<Ok<List<AccountDto>>, ProblemHttpResult> ListAccounts(string entityId, LedgerScope scope)
    {
        if (scope.DenyEntity(entityId) is { } denied)
        {
            return denied;
        }

        var entity = Entity(scope, entityId)!;
        return TypedResults.Ok(entity.Chart.Accounts.Select(a => AccountDto.FromCore(a, entity.Chart)).ToList());
    }

    private static async Task<Results<Created<AccountDto>, ProblemHttpResult>> AddSubAccountAsync(
        string entityId, SubAccountRequest request, LedgerScope scope, PostingEngine engine)
    {
        if (Entity(scope, entityId) is null)
        {
            return ApiProblems.NotFound(ErrorCodes.EntityNotFound, $"No entity '{entityId}' in this ledger.");
        }

        var parent = AccountCode.Parse(request.Parent);
        var result = scope.Answered(await new DefinitionCommands(engine).AddSubAccountAsync(
            scope.Id, EntityId.From(entityId), parent, request.Suffix, request.NameZh, request.NameEn, scope.IdempotencyKey, scope.RequestAborted));
        if (result.Value is not { } code)
        {
            // A parent missing from the chart is a rule of the request (422), not a missing resource.
            return result.Errors[0].Code == ErrorCodes.AccountNotFound
                ? ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AccountNotFound, result.Errors[0].Message)
                : ApiProblems.FromErrors(result.Errors);
        }

        var chart = (await scope.Store.GetLedgerAsync(scope.Id, scope.RequestAborted))!.Definition.FindEntity(EntityId.From(entityId))!.Chart;
        return TypedResults.Created($"/ledgers/{scope.Id}/entities/{entityId}/accounts", AccountDto.FromCore(chart.Get(AccountCode.Parse(code)), chart));
    }

    private static async Task<Results<Ok<ChartTransitionDto>, ProblemHttpResult>> TransitionAsync(string entityId, LedgerScope scope, ChartTransition transition)
    {
        if (Entity(scope, entityId) is null)
        {
            return ApiProblems.NotFound(ErrorCodes.EntityNotFound, $"No entity '{entityId}' in this ledger.");
        }

        var result = scope.Answered(await transition.TransitionAsync(scope.Id, EntityId.From(entityId), scope.IdempotencyKey, scope.RequestAborted));
        return result.Value is { } record ? TypedResults.Ok(ChartTransitionDto.FromCore(record)) : ApiProblems.FromErrors(result.Errors);
    }

    private static AccountingEntity? Entity(LedgerScope scope, string entityId) =>
        EntityId.TryFrom(entityId, out var id) ? scope.State.Definition.FindEntity(id) : null;
}
