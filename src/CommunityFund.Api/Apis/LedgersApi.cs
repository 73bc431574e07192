using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>The ledger, its entities and their charts of accounts.</summary>
public static class LedgersApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapLedgers(this RouteGroupBuilder group)
    {
        group.MapGet("/", GetLedgerAsync).RequireAuthorization(Policies.Read).WithName("GetLedger").WithSummary("The ledger, its head and its entities.").WithTags("Ledgers");
        group.MapGet("/entities", ListEntitiesAsync).RequireAuthorization(Policies.Read).WithName("ListEntities").WithSummary("The accounting entities of the ledger.").WithTags("Ledgers");
        group.MapPost("/entities", AddEntityAsync).RequireAuthorization(Policies.Admin).Validates<EntityRequest>().Idempotent()
            .WithName("AddEntity").WithSummary("Adds an accounting entity with its profile's chart of accounts (hub administrator).").WithTags("Ledgers");
        group.MapGet("/entities/{entityId}/accounts", ListAccountsAsync).RequireAuthorization(Policies.Read)
            .WithName("ListAccounts").WithSummary("An entity's chart of accounts, with Chinese and English names.").WithTags("Ledgers");
        group.MapPost("/entities/{entityId}/accounts", AddSubAccountAsync).RequireAuthorization(Policies.Admin).Validates<SubAccountRequest>().Idempotent()
            .WithName("AddSubAccount").WithSummary("Adds a sub-account (e.g. 5201.01) to an entity's chart (hub administrator).").WithTags("Ledgers");
        return group;
    }

    private static async Task<Results<Ok<LedgerDto>, ProblemHttpResult>> GetLedgerAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var d = scope.State.Definition;
        return TypedResults.Ok(new LedgerDto(d.Id.Value, d.Name, d.BooksStart, d.TimeZoneId, scope.State.Head.ClosedThrough, scope.State.Head.Sequence, scope.State.Head.Hash,
            [.. d.Entities.Values.Select(ToDto)]));
    }

    private static async Task<Results<Ok<List<EntityDto>>, ProblemHttpResult>> ListEntitiesAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(scope.State.Definition.Entities.Values.Select(ToDto).ToList());
    }

    private static async Task<Results<Created<EntityDto>, ProblemHttpResult>> AddEntityAsync(string ledgerId, EntityRequest request, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var id = EntityId.From(request.Id);
        if (scope.State.Definition.FindEntity(id) is not null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "entity.exists", $"Entity '{id}' already exists.");
        }

        var entity = new AccountingEntity(id, request.Name, request.Kind, request.Profile);
        await store.UpdateLedgerAsync(scope.State.Definition.WithEntity(entity), ct);
        return TypedResults.Created($"/ledgers/{ledgerId}/entities/{id}/accounts", ToDto(entity));
    }

    private static async Task<Results<Ok<List<AccountDto>>, ProblemHttpResult>> ListAccountsAsync(string ledgerId, string entityId, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var entity = EntityId.TryFrom(entityId, out var id) ? scope.State.Definition.FindEntity(id) : null;
        return entity is null
            ? ApiProblems.NotFound("entity.not_found", $"No entity '{entityId}' in this ledger.")
            : TypedResults.Ok(entity.Chart.Accounts.Select(a => ToDto(a, entity.Chart)).ToList());
    }

    private static async Task<Results<Created<AccountDto>, ProblemHttpResult>> AddSubAccountAsync(string ledgerId, string entityId, SubAccountRequest request, ClaimsPrincipal user, ILedgerStore store, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var entity = EntityId.TryFrom(entityId, out var id) ? scope.State.Definition.FindEntity(id) : null;
        if (entity is null)
        {
            return ApiProblems.NotFound("entity.not_found", $"No entity '{entityId}' in this ledger.");
        }

        var parent = AccountCode.Parse(request.Parent);
        var code = parent.Child(request.Suffix);
        if (entity.Chart.Find(parent) is null)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "account.not_found", $"Account {parent} is not in the chart of '{entityId}'.");
        }

        if (entity.Chart.Find(code) is not null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "account.exists", $"Account {code} already exists.");
        }

        var chart = entity.Chart.WithSubAccount(parent, request.Suffix, request.NameZh, request.NameEn);
        await store.UpdateLedgerAsync(scope.State.Definition.WithUpdatedEntity(entity with { Chart = chart }), ct);
        return TypedResults.Created($"/ledgers/{ledgerId}/entities/{entityId}/accounts", ToDto(chart.Get(code), chart));
    }

    private static EntityDto ToDto(AccountingEntity e) => new(e.Id.Value, e.Name, e.Kind.ToString(), e.Profile.ToString(), e.Chart.TemplateVersion);

    private static AccountDto ToDto(Account a, ChartOfAccounts chart) =>
        new(a.Code.Value, a.NameZh, a.NameEn, a.Type.ToString(), a.NormalSide.ToString(), a.Unit.Code, a.IsActive, chart.IsLeaf(a.Code), [.. a.RequiredDimensions]);
}
