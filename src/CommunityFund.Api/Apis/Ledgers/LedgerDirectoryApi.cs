using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>
/// The operator's directory of ledgers: opening a community's books and listing them. Only an operator key reaches
/// these routes, and an operator key reaches no ledger's books; a hub administrator never sees other ledgers.
/// </summary>
public static class LedgerDirectoryApi
{
    /// <summary>Maps the endpoints.</summary>
    public static WebApplication MapLedgerDirectory(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/ledgers").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).WithTags("Operator");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.Operator)
            .WithName("ListLedgers").WithSummary("Every ledger on this server with its head (operator).");
        group.MapPost("/", OpenAsync).RequireAuthorization(Policies.Operator).Validates<OpenLedgerRequest>().Idempotent()
            .WithName("OpenLedger").WithSummary("Opens a community's books: the ledger, its entities, its distribution policy (70/25/5 by default) and its first hub-administrator key, shown once (operator).");
        return app;
    }

    private static async Task<Ok<List<LedgerSummaryDto>>> ListAsync(ILedgerStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListLedgersAsync(cancellationToken)).Select(LedgerSummaryDto.FromCore).ToList());

    private static async Task<Results<Created<OpenedLedgerDto>, ProblemHttpResult>> OpenAsync(
        OpenLedgerRequest request, CommunityEconomy economy, ApiKeys keys, ILedgerStore store, HttpContext http, CancellationToken cancellationToken)
    {
        // The Idempotency filter has checked the header; the operation documents it once.
        var idempotencyKey = http.Request.Headers[IdempotencyFilter.Header].ToString();
        var response = http.Response;
        var definition = Definition(request);
        if (await PlaceAsync(http.RequestServices.GetService<EntityFrameworkCore.ShardedLedgerStore>(), definition.Id, request.Shard, cancellationToken) is { } refused)
        {
            return refused;
        }

        var opened = await economy.OpenLedgerAsync(definition, Policy(request, definition), idempotencyKey, cancellationToken);
        if (opened.Value is not { } policy)
        {
            return ApiProblems.FromErrors(opened.Errors);
        }

        // The first administrator key, under the request's own key: a replay answers the key without its secret.
        var (created, key) = await keys.CreateAsync(definition.Id, ApiRole.HubAdmin, null, request.AdministratorName, idempotencyKey, cancellationToken);
        if (created.Value is not { } record)
        {
            return ApiProblems.FromErrors(created.Errors);
        }

        if (opened.Replayed && created.Replayed)
        {
            response.Headers[IdempotencyFilter.ReplayedHeader] = "true";
        }

        var state = (await store.GetLedgerAsync(definition.Id, cancellationToken))!;
        var administrator = key is null
            ? new CreatedKeyDto(record.Id, "(not shown again)", record.Role, null, "This key was shown once, when the ledger was opened; only its hash is kept.")
            : new CreatedKeyDto(record.Id, key, record.Role, null, "Store this key now: it is not shown again and only its hash is kept. It administers this ledger only.");
        return TypedResults.Created($"/ledgers/{definition.Id}", new OpenedLedgerDto(LedgerDto.FromCore(state), DistributionPolicyDto.FromCore(policy), administrator));
    }

    /// <summary>With shards, places the ledger before it is created (once: a placed ledger keeps its shard); on a single
    /// server, refuses a named shard.</summary>
    private static async Task<ProblemHttpResult?> PlaceAsync(EntityFrameworkCore.ShardedLedgerStore? shards, LedgerId ledger, string? shard, CancellationToken cancellationToken)
    {
        if (shards is null || (shard is not null && !shards.Shards.Any(s => s.Name == shard)))
        {
            return shard is null ? null : ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "The request is not valid.",
                new Dictionary<string, string[]> { ["shard"] = [shards is null ? "The books are on one server: no shard can be named." : $"No shard is named '{shard}'."] });
        }

        await shards.PlaceAsync(ledger, shard, cancellationToken);
        return null;
    }

    private static LedgerDefinition Definition(OpenLedgerRequest request) =>
        request.Entities.Aggregate(
            new LedgerDefinition(LedgerId.From(request.Id), request.Name, request.BooksStart, request.TimeZone),
            (definition, e) => definition.WithEntity(e.ToCore(definition.BooksStart)));

    private static DistributionPolicy Policy(OpenLedgerRequest request, LedgerDefinition definition) =>
        request.Policy?.ToCore() ?? DistributionPolicy.Standard(
            definition.Entities.Values.Single(e => e.Kind == Ledger.EntityKind.Hub).Id,
            definition.Entities.Values.Single(e => e.Kind == Ledger.EntityKind.CommunityFund).Id,
            request.BooksStart);
}
