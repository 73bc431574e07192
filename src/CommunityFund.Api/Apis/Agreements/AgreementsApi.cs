using CommunityFund.Api.Security;
using CommunityFund.Community;
using CommunityFund.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>One-yuan leases (一元租金) and resource-for-service swaps (资源换服务): lifecycle, charges, deliveries, obligations.</summary>
public static class AgreementsApi
{
    private const string Tag = "Leases and swaps";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapAgreements(this RouteGroupBuilder group)
    {
        group.MapGet("/agreements", ListAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("ListAgreements").WithSummary("Leases and swaps (a provider sees those it operates).").WithTags(Tag);
        group.MapPost("/agreements", RegisterAsync).RequireAuthorization(Policies.Admin).Validates<AgreementRequest>().Idempotent().InLedger()
            .WithName("RegisterAgreement").WithSummary("Registers a one-yuan lease or a resource-for-service swap as a draft (hub administrator).").WithTags(Tag);
        group.MapGet("/agreements/{agreementId}", GetAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("GetAgreement").WithSummary("One agreement with its terms, status and what has been charged.").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/activate", ActivateAsync).RequireAuthorization(Policies.Admin).Idempotent().InLedger()
            .WithName("ActivateAgreement").WithSummary("Puts a draft agreement in force (draft → active).").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/end", EndAsync).RequireAuthorization(Policies.Admin).Validates<EndAgreementRequest>().Idempotent().InLedger()
            .WithName("EndAgreement").WithSummary("Ends an agreement: expired on its last day, or terminated early with a reason (active → ended).").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/post-due", PostDueAsync).RequireAuthorization(Policies.Write).Validates<PostDueRequest>().Idempotent().InLedger()
            .WithName("PostAgreementDue").WithSummary("Posts the rent and the services owed for every period started by a date, and the use (fair rent forgone or resources received) of every month ended by it; running it again posts nothing new.").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/deliveries", DeliverAsync).RequireAuthorization(Policies.Write).Validates<AgreementDeliveryRequest>().Idempotent().InLedger()
            .WithName("RecordAgreementDelivery").WithSummary("Records services delivered under an agreement (memo units, with beneficiaries and evidence).").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/revenue-shares", ShareRevenueAsync).RequireAuthorization(Policies.Write).Validates<RevenueShareRequest>().Idempotent().InLedger()
            .WithName("PayRevenueShare").WithSummary("Pays the fund its share (the lease's basis points) of a month's revenue from the space; each month once. Revenue already distributed 70/25/5 is refused unless the lease says so.").WithTags(Tag);
        group.MapGet("/agreements/{agreementId}/deliveries", ListDeliveriesAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("ListAgreementDeliveries").WithSummary("The deliveries recorded under an agreement.").WithTags(Tag);
        group.MapGet("/agreements/{agreementId}/obligations", ObligationsAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("AgreementObligations").WithSummary("Owed, delivered, shortfall and surplus per month and service as of a date (default: today in the ledger's zone).").WithTags(Tag);
        group.MapGet("/settings/donated-use", GetDonatedUseAsync).RequireAuthorization(Policies.Read).InLedger()
            .WithName("GetDonatedUse").WithSummary("The ledger's donated-use policy: memoOnly (民非 2004) or recognizeAtFairValue.").WithTags(Tag);
        group.MapPut("/settings/donated-use", SetDonatedUseAsync).RequireAuthorization(Policies.Admin).Validates<DonatedUseDto>().InLedger()
            .WithName("SetDonatedUse").WithSummary("Sets the donated-use policy for journals posted from now on (hub administrator).").WithTags(Tag);
        return group;
    }

    private static async Task<Ok<List<ServiceAgreementDto>>> ListAsync(LedgerScope scope, CommunityAgreements agreements)
    {
        EntityId? own = scope.Caller.Role == ApiRole.Provider ? EntityId.From(scope.Caller.Entity!) : null;
        return TypedResults.Ok((await agreements.ListAsync(scope.Id, own, scope.RequestAborted)).Select(ServiceAgreementDto.FromCore).ToList());
    }

    private static async Task<Results<Created<ServiceAgreementDto>, ProblemHttpResult>> RegisterAsync(AgreementRequest request, LedgerScope scope, CommunityAgreements agreements)
    {
        var agreement = request.ToCore();
        var result = scope.Answered(await agreements.RegisterAsync(scope.Id, agreement, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{scope.Id}/agreements/{agreement.Id}", ServiceAgreementDto.FromCore(result.Value!))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<ServiceAgreementDto>, ProblemHttpResult>> GetAsync(string agreementId, LedgerScope scope, CommunityAgreements agreements) =>
        await ReadableAsync(agreementId, scope, agreements) is { } agreement ? TypedResults.Ok(ServiceAgreementDto.FromCore(agreement)) : AgreementNotFound(agreementId);

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> ActivateAsync(string agreementId, LedgerScope scope, CommunityAgreements agreements)
    {
        var result = scope.Answered(await agreements.ActivateAsync(scope.Id, agreementId, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Ok(AgreementResultDto.FromCore(result.Value!, [])) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> EndAsync(string agreementId, EndAgreementRequest request, LedgerScope scope, CommunityAgreements agreements)
    {
        var result = scope.Answered(await agreements.EndAsync(scope.Id, agreementId, request.Ending.ToCore(), request.LastDay, request.Reason, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Ok(AgreementResultDto.FromCore(result.Value!, result.Journals)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> PostDueAsync(string agreementId, PostDueRequest request, LedgerScope scope, CommunityAgreements agreements)
    {
        if (await WritableAsync(agreementId, scope, agreements) is { } refused)
        {
            return refused;
        }

        var result = scope.Answered(await agreements.PostDueAsync(scope.Id, agreementId, request.Through, scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Ok(AgreementResultDto.FromCore(result.Value!, result.Journals)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<ServiceDeliveryDto>, ProblemHttpResult>> DeliverAsync(
        string agreementId, AgreementDeliveryRequest request, LedgerScope scope, CommunityAgreements agreements)
    {
        if (await WritableAsync(agreementId, scope, agreements) is { } refused)
        {
            return refused;
        }

        var result = scope.Answered(await agreements.RecordDeliveryAsync(scope.Id, request.ToCore(agreementId), scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{scope.Id}/journals/{result.Journals[0].Id}", ServiceDeliveryDto.FromCore(result.Value!))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> ShareRevenueAsync(
        string agreementId, RevenueShareRequest request, LedgerScope scope, CommunityAgreements agreements)
    {
        if (await WritableAsync(agreementId, scope, agreements) is { } refused)
        {
            return refused;
        }

        var result = scope.Answered(await agreements.PayRevenueShareAsync(scope.Id, request.ToCore(agreementId), scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Ok(AgreementResultDto.FromCore(result.Value!, result.Journals)) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<List<ServiceDeliveryDto>>, ProblemHttpResult>> ListDeliveriesAsync(string agreementId, LedgerScope scope, CommunityAgreements agreements) =>
        await ReadableAsync(agreementId, scope, agreements) is null
            ? AgreementNotFound(agreementId)
            : TypedResults.Ok((await agreements.ListDeliveriesAsync(scope.Id, agreementId, scope.RequestAborted)).Select(ServiceDeliveryDto.FromCore).ToList());

    private static async Task<Results<Ok<ObligationStatusDto>, ProblemHttpResult>> ObligationsAsync(string agreementId, string? asOf, LedgerScope scope, CommunityAgreements agreements)
    {
        if (await ReadableAsync(agreementId, scope, agreements) is null)
        {
            return AgreementNotFound(agreementId);
        }

        if (!QueryValues.TryDate(asOf, out var given))
        {
            return QueryValues.BadDate();
        }

        var status = await agreements.ObligationStatusAsync(scope.Id, agreementId, given ?? scope.Today, scope.RequestAborted);
        return TypedResults.Ok(ObligationStatusDto.FromCore(status!));
    }

    private static async Task<Ok<DonatedUseDto>> GetDonatedUseAsync(LedgerScope scope, CommunityAgreements agreements) =>
        TypedResults.Ok(new DonatedUseDto((await agreements.GetDonatedUseAsync(scope.Id, scope.RequestAborted)).ToWire()));

    private static async Task<Results<Ok<DonatedUseDto>, ProblemHttpResult>> SetDonatedUseAsync(DonatedUseDto request, LedgerScope scope, CommunityAgreements agreements)
    {
        var result = scope.Answered(await agreements.SetDonatedUseAsync(scope.Id, request.Policy.ToCore(), scope.IdempotencyKey, scope.RequestAborted));
        return result.Succeeded ? TypedResults.Ok(request) : ApiProblems.FromErrors(result.Errors);
    }

    /// <summary>The agreement if the caller may read it: administrators and trustees all, a provider those it operates
    /// or grants; anything else is "not found", so nothing leaks.</summary>
    private static async Task<ServiceAgreement?> ReadableAsync(string agreementId, LedgerScope scope, CommunityAgreements agreements) =>
        await agreements.GetAsync(scope.Id, agreementId, scope.RequestAborted) is { } agreement
        && (scope.Caller.MayRead(agreement.Operator.Value) || scope.Caller.MayRead(agreement.Grantor.Value))
            ? agreement
            : null;

    /// <summary>Refuses an agreement the caller may not act on (only the administrator, or the operator's own key, may);
    /// <c>null</c> when it may.</summary>
    private static async Task<ProblemHttpResult?> WritableAsync(string agreementId, LedgerScope scope, CommunityAgreements agreements) =>
        await ReadableAsync(agreementId, scope, agreements) is not { } agreement
            ? AgreementNotFound(agreementId)
            : scope.Caller.MayWriteFor(agreement.Operator.Value)
                ? null
                : ApiProblems.Problem(StatusCodes.Status403Forbidden, ApiErrorCodes.ForbiddenEntity, $"This key may not act for '{agreement.Operator}'.");

    private static ProblemHttpResult AgreementNotFound(string agreementId) =>
        ApiProblems.NotFound(CommunityErrorCodes.AgreementNotFound, $"No agreement '{agreementId}' in this ledger.");
}
