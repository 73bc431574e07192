using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Sales (with their 70/25/5 distribution), deliveries and refunds.</summary>
public static class SalesApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapSales(this RouteGroupBuilder group)
    {
        group.MapPost("/sales", RecordAsync).RequireAuthorization(Policies.Write).Validates<CreateSaleRequest>().Idempotent().InLedgerCommand()
            .WithName("RecordSale").WithSummary("Records a sale; returns its 70/25/5 distribution (base, each share, policy version).").WithTags("Sales");
        group.MapGet("/sales", ListAsync).RequireAuthorization(Policies.Read).InLedger().WithName("ListSales").WithSummary("Sales, in recording order (a provider sees its own); with 'limit' (1–1,000) and 'after' (a sale id) one page, and a Link header to the next.").WithTags("Sales");
        group.MapGet("/sales/{saleId:guid}", GetAsync).RequireAuthorization(Policies.Read).InLedger().WithName("GetSale").WithSummary("One sale with its distributions and refunds.").WithTags("Sales");
        group.MapPost("/sales/{saleId:guid}/refunds", RefundAsync).RequireAuthorization(Policies.Write).Validates<CreateRefundRequest>().Idempotent().InLedger()
            .WithName("RefundSale").WithSummary("Refunds part or all of a sale; shares are reversed proportionally.").WithTags("Sales");
        group.MapPost("/deliveries", DeliverAsync).RequireAuthorization(Policies.Write).Validates<CreateDeliveryRequest>().Idempotent().InLedger()
            .WithName("RecordDelivery").WithSummary("Records delivered sessions of a prepaid sale (revenue recognised) or of a free package (memo counts).").WithTags("Sales");
        return group;
    }

    private static async Task<Results<Created<SaleDto>, ProblemHttpResult>> RecordAsync(CreateSaleRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        if (scope.DenyWrite(request.Provider) is { } denied)
        {
            return denied;
        }

        var result = scope.Answered(await economy.RecordSaleAsync(scope.Id, request.ToCore(), scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } record
            ? TypedResults.Created($"/ledgers/{scope.Id}/sales/{record.Id}", SaleDto.FromCore(record))
            : ApiProblems.FromErrors(result.Errors);
    }

    /// <summary>The most sales one page answers.</summary>
    public const int MaxSalesPage = 1_000;

    private static async Task<Results<Ok<List<SaleDto>>, ProblemHttpResult>> ListAsync(string? provider, int? limit, Guid? after, LedgerScope scope, CommunityEconomy economy, HttpContext http)
    {
        var owner = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : provider;
        if (provider is not null && scope.DenyRead(provider) is { } denied)
        {
            return denied;
        }

        EntityId? filter = owner is not null && EntityId.TryFrom(owner, out var id) ? id : null;
        if (owner is not null && filter is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "'provider' is not a valid entity id.");
        }

        if (limit is < 1 or > MaxSalesPage)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, $"'limit' is 1 to {MaxSalesPage}.",
                new Dictionary<string, string[]> { ["limit"] = [$"'limit' is 1 to {MaxSalesPage}."] });
        }

        if (limit is null && after is null)
        {
            return TypedResults.Ok((await economy.Records.ListSalesAsync(scope.Id, filter, scope.RequestAborted)).Select(SaleDto.FromCore).ToList());
        }

        // A page in recording order after the sale named by 'after', read as a page from the store (one more than asked
        // tells whether there is a next); a Link header names the next page while there is one.
        var take = limit ?? MaxSalesPage;
        var page = await economy.Records.ListSalesPageAsync(scope.Id, filter, after is { } last ? new SaleId(last) : null, take + 1, scope.RequestAborted);
        if (page.Count > take)
        {
            var query = $"limit={take}&after={page[take - 1].Id.Value}{(provider is null ? string.Empty : "&provider=" + Uri.EscapeDataString(provider))}";
            http.Response.Headers.Append("Link", $"</ledgers/{scope.Id}/sales?{query}>; rel=\"next\"");
        }

        return TypedResults.Ok(page.Take(take).Select(SaleDto.FromCore).ToList());
    }

    private static async Task<Results<Ok<SaleDto>, ProblemHttpResult>> GetAsync(Guid saleId, LedgerScope scope, CommunityEconomy economy) =>
        await SaleAsync(saleId, scope, economy, scope.Caller.MayRead) is { } sale ? TypedResults.Ok(SaleDto.FromCore(sale)) : SaleNotFound(saleId);

    private static async Task<Results<Created<SaleDto>, ProblemHttpResult>> RefundAsync(Guid saleId, CreateRefundRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        if (await SaleAsync(saleId, scope, economy, scope.Caller.MayWriteFor) is not { } sale)
        {
            return SaleNotFound(saleId);
        }

        var result = scope.Answered(await economy.RefundAsync(scope.Id, request.ToCore(sale.Id), scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } record
            ? TypedResults.Created($"/ledgers/{scope.Id}/sales/{record.Id}", SaleDto.FromCore(record))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<SaleDto>, Created<JournalDto>, ProblemHttpResult>> DeliverAsync(
        CreateDeliveryRequest request, LedgerScope scope, CommunityEconomy economy)
    {
        var delivery = new DeliveryRequest(request.Date, request.Sessions) { Beneficiaries = request.Beneficiaries };
        if (request.Sale is { } saleId)
        {
            if (await SaleAsync(saleId, scope, economy, scope.Caller.MayWriteFor) is not { } sale)
            {
                return SaleNotFound(saleId);
            }

            delivery = delivery with { Sale = sale.Id };
        }
        else
        {
            if (scope.DenyWrite(request.Provider!) is { } denied)
            {
                return denied;
            }

            delivery = delivery with { Provider = EntityId.From(request.Provider!), PackageId = request.PackageId };
        }

        var result = scope.Answered(await economy.RecordDeliveryAsync(scope.Id, delivery, scope.IdempotencyKey, scope.RequestAborted));
        if (!result.Succeeded)
        {
            return ApiProblems.FromErrors(result.Errors);
        }

        return result.Value is { } record
            ? TypedResults.Created($"/ledgers/{scope.Id}/sales/{record.Id}", SaleDto.FromCore(record))
            : TypedResults.Created($"/ledgers/{scope.Id}/journals/{result.Journals[0].Id}", JournalDto.FromCore(result.Journals[0]));
    }

    /// <summary>The sale, if the caller may see (or act on) its provider's books; anything else is "not found".</summary>
    private static async Task<SaleRecord?> SaleAsync(Guid saleId, LedgerScope scope, CommunityEconomy economy, Func<string, bool> may) =>
        await economy.Records.GetSaleAsync(scope.Id, new SaleId(saleId), scope.RequestAborted) is { } sale && may(sale.Request.Provider.Value) ? sale : null;

    private static ProblemHttpResult SaleNotFound(Guid saleId) => ApiProblems.NotFound(EconomyErrorCodes.SaleNotFound, $"No sale {saleId} for this key.");
}
