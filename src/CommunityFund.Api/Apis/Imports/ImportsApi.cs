using CommunityFund.Api.Imports;
using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Posting;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CommunityFund.Api.Apis;

/// <summary>Files brought in from the spreadsheets a hub kept before: opening balances (期初余额) and past sales. Their
/// bodies are files read as streams, up to <c>Api:MaxImportBytes</c> (<see cref="ImportBody"/>); docs/imports.md
/// describes the formats.</summary>
public static class ImportsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapImports(this RouteGroupBuilder group)
    {
        group.MapPost("/opening-balances", OpeningAsync).RequireAuthorization(Policies.Admin).StreamsLargeBody().Idempotent().InLedger()
            .WithName("PostOpeningBalances").WithTags("Imports")
            .WithSummary("Posts opening balances from a CSV or XLSX file: one opening journal per entity, dated the day before the books start; refused whole, with every bad line, unless each entity balances and every account is in its chart (hub administrator).");
        group.MapPost("/sales/imports", SalesAsync).RequireAuthorization(Policies.Admin).StreamsLargeBody().InLedger()
            .WithName("ImportSales").WithTags("Imports")
            .WithSummary("Imports past sales from a CSV stream, each row through the sale command with the key import:<externalReference>; a re-import changes nothing. Answers how many were imported, already there and refused, with the refused rows' problems (hub administrator).");
        return group;
    }

    private static async Task<Results<Created<OpeningBalancesDto>, ProblemHttpResult>> OpeningAsync(HttpRequest request, LedgerScope scope, PostingEngine engine)
    {
        var (lines, problem) = await OpeningBalanceFile.ReadAsync(request, scope.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var result = scope.Answered(await new OpeningBalances(engine).PostAsync(scope.Id, lines!, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded && result.Value is { } posted
            ? TypedResults.Created($"/ledgers/{scope.Id}/journals?kind=opening", OpeningBalancesDto.FromCore(posted))
            : ImportProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<SaleImportDto>, ProblemHttpResult>> SalesAsync(
        HttpRequest request, LedgerScope scope, CommunityEconomy economy, IValidator<CreateSaleRequest> validator)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value?.ToLowerInvariant() is not (OpeningBalanceFile.Csv or "application/csv"))
        {
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, ApiErrorCodes.UnsupportedMediaType, $"Send the sales as {OpeningBalanceFile.Csv} (UTF-8).");
        }

        return await new SaleImport(economy, validator).RunAsync(scope.Id, request.Body, scope.RequestAborted);
    }
}
