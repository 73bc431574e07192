using CommunityFund.Api.Security;
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
        return group;
    }

    private static Ok<LedgerDto> GetLedger(LedgerScope scope) => TypedResults.Ok(LedgerDto.FromCore(scope.State));

    private static Ok<List<EntityDto>> ListEntities(LedgerScope scope) => TypedResults.Ok(scope.State.Definition.Entities.Values.Select(EntityDto.FromCore).ToList());

    private static async Task<Results<Created<EntityDto>, ProblemHttpResult>> AddEntityAsync(EntityRequest request, LedgerScope scope)
    {
        var id = EntityId.From(request.Id);
        if (scope.State.Definition.FindEntity(id) is not null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiErrorCodes.EntityExists, $"Entity '{id}' already exists.");
        }

        var entity = new AccountingEntity(id, request.Name, request.Kind.ToCore(), request.Profile.ToCore());
        await scope.Store.UpdateLedgerAsync(scope.State.Definition.WithEntity(entity), scope.RequestAborted);
        return TypedResults.Created($"/ledgers/{scope.Id}/entities/{id}/accounts", EntityDto.FromCore(entity));
    }

    private static Results<Ok<List<AccountDto>>, ProblemHttpResult> ListAccounts(string entityId, LedgerScope scope) =>
        Entity(scope, entityId) is not { } entity
            ? ApiProblems.NotFound(ErrorCodes.EntityNotFound, $"No entity '{entityId}' in this ledger.")
            : TypedResults.Ok(entity.Chart.Accounts.Select(a => AccountDto.FromCore(a, entity.Chart)).ToList());

    private static async Task<Results<Created<AccountDto>, ProblemHttpResult>> AddSubAccountAsync(
        string entityId, SubAccountRequest request, LedgerScope scope)
    {
        if (Entity(scope, entityId) is not { } entity)
        {
            return ApiProblems.NotFound(ErrorCodes.EntityNotFound, $"No entity '{entityId}' in this ledger.");
        }

        var parent = AccountCode.Parse(request.Parent);
        var code = parent.Child(request.Suffix);
        if (entity.Chart.Find(parent) is null)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.AccountNotFound, $"Account {parent} is not in the chart of '{entityId}'.");
        }

        if (entity.Chart.Find(code) is not null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiErrorCodes.AccountExists, $"Account {code} already exists.");
        }

        var chart = entity.Chart.WithSubAccount(parent, request.Suffix, request.NameZh, request.NameEn);
        await scope.Store.UpdateLedgerAsync(scope.State.Definition.WithUpdatedEntity(entity with { Chart = chart }), scope.RequestAborted);
        return TypedResults.Created($"/ledgers/{scope.Id}/entities/{entityId}/accounts", AccountDto.FromCore(chart.Get(code), chart));
    }

    private static AccountingEntity? Entity(LedgerScope scope, string entityId) =>
        EntityId.TryFrom(entityId, out var id) ? scope.State.Definition.FindEntity(id) : null;
}
