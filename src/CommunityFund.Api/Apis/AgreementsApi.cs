using System.Collections.Immutable;
using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A one-yuan lease or a resource-for-service swap to register (as a draft).</summary>
/// <param name="Id">A slug, unique in the ledger.</param>
/// <param name="Kind">nominalLease or resourceSwap.</param>
/// <param name="Grantor">The entity handing over the space or resources (community, residents' committee).</param>
/// <param name="Operator">The entity using them and owing services (NPO_CN or SME_CN books).</param>
/// <param name="Start">The first day of the term.</param>
/// <param name="End">The last day of the term.</param>
/// <param name="Obligations">The services owed each month.</param>
/// <param name="Lease">The lease terms (for a lease).</param>
/// <param name="Swap">The swap terms (for a swap).</param>
/// <param name="EvaluationEveryMonths">How often performance is evaluated, in months (default 6).</param>
public sealed record AgreementRequest(
    string Id, AgreementKind Kind, string Grantor, string Operator, LocalDate Start, LocalDate End,
    IReadOnlyList<ServiceObligation> Obligations, LeaseTerms? Lease = null, SwapTerms? Swap = null, int EvaluationEveryMonths = 6);

/// <summary>Validates <see cref="AgreementRequest"/> (the shape; the terms' rules are Core's).</summary>
public sealed class AgreementRequestValidator : AbstractValidator<AgreementRequest>
{
    /// <summary>The rules.</summary>
    public AgreementRequestValidator()
    {
        RuleFor(x => x.Id).Slug();
        RuleFor(x => x.Kind).IsInEnum();
        RuleFor(x => x.Grantor).Slug();
        RuleFor(x => x.Operator).Slug();
        RuleFor(x => x.Obligations).NotNull().Must(o => o is null || o.Count is >= 1 and <= 20).WithMessage("'obligations' lists 1 to 20 services.");
        RuleForEach(x => x.Obligations).NotNull().ChildRules(o =>
        {
            o.RuleFor(x => x.Service).Text(100);
            o.RuleFor(x => x.PerMonth).Must(m => m.HasCurrency && m.IsPositive && (m.Currency == Currency.COUNT || m.Currency == Currency.HOUR))
                .WithMessage("'perMonth' is a positive COUNT (sessions) or HOUR amount.");
        }).When(x => x.Obligations is not null);
        RuleFor(x => x.Lease).NotNull().When(x => x.Kind == AgreementKind.NominalLease).WithMessage("A nominal lease gives its 'lease' terms.");
        RuleFor(x => x.Swap).NotNull().When(x => x.Kind == AgreementKind.ResourceSwap).WithMessage("A resource swap gives its 'swap' terms.");
        RuleFor(x => x.Lease!).ChildRules(l =>
        {
            l.RuleFor(x => x.Space).NotNull();
            l.RuleFor(x => x.Space.Name).Text(200).When(x => x.Space is not null);
            l.RuleFor(x => x.NominalRent).PositiveCny();
            l.RuleFor(x => x.Frequency).IsInEnum();
            l.RuleFor(x => x.FairRent).NotNull().SetValidator(new FairValueValidator());
        }).When(x => x.Lease is not null);
        RuleFor(x => x.Swap!).ChildRules(s =>
        {
            s.RuleFor(x => x.Resources).Must(r => !r.IsDefaultOrEmpty && r.Length <= 20).WithMessage("'resources' lists 1 to 20 resources.");
            s.RuleForEach(x => x.Resources).NotNull().ChildRules(r =>
            {
                r.RuleFor(x => x.Kind).IsInEnum();
                r.RuleFor(x => x.Description).Text(200);
                r.RuleFor(x => x.MonthlyValue).NotNull().SetValidator(new FairValueValidator());
            }).When(x => !x.Resources.IsDefault);
            s.RuleFor(x => x.MonthlyServiceValue).NotNull().SetValidator(new FairValueValidator());
        }).When(x => x.Swap is not null);
        RuleFor(x => x.EvaluationEveryMonths).InclusiveBetween(1, 60);
    }
}

/// <summary>Validates a <see cref="FairValue"/>.</summary>
public sealed class FairValueValidator : AbstractValidator<FairValue>
{
    /// <summary>The rules.</summary>
    public FairValueValidator()
    {
        RuleFor(x => x.Amount).PositiveCny();
        RuleFor(x => x.Basis).Text(500);
        RuleFor(x => x.Evidence!).Text(200).When(x => x.Evidence is not null);
    }
}

/// <summary>How an agreement ends.</summary>
/// <param name="Ending">expired (on the last day of the term) or terminated (inside the term, with a reason).</param>
/// <param name="LastDay">The last day in force.</param>
/// <param name="Reason">Why it was terminated.</param>
public sealed record EndAgreementRequest(AgreementEnding Ending, LocalDate LastDay, string? Reason = null);

/// <summary>Validates <see cref="EndAgreementRequest"/>.</summary>
public sealed class EndAgreementValidator : AbstractValidator<EndAgreementRequest>
{
    /// <summary>The rules.</summary>
    public EndAgreementValidator()
    {
        RuleFor(x => x.Ending).IsInEnum();
        RuleFor(x => x.Reason!).Text(500).When(x => x.Reason is not null);
    }
}

/// <summary>Posts what an agreement owes through a date.</summary>
/// <param name="Through">The last date to post for.</param>
public sealed record PostDueRequest(LocalDate Through);

/// <summary>Validates <see cref="PostDueRequest"/>.</summary>
public sealed class PostDueValidator : AbstractValidator<PostDueRequest>
{
    /// <summary>The rules.</summary>
    public PostDueValidator() => RuleFor(x => x.Through).NotEqual(default(LocalDate)).WithMessage("'through' is a date.");
}

/// <summary>A service delivered under an agreement.</summary>
/// <param name="Service">Which obligation it counts towards.</param>
/// <param name="Date">When it was delivered.</param>
/// <param name="Quantity">Sessions (COUNT) or hours (HOUR).</param>
/// <param name="Beneficiaries">Residents reached.</param>
/// <param name="Evidence">The evidence reference (sign-in sheet, photos).</param>
public sealed record AgreementDeliveryRequest(string Service, LocalDate Date, Money Quantity, int Beneficiaries, string Evidence);

/// <summary>Validates <see cref="AgreementDeliveryRequest"/>.</summary>
public sealed class AgreementDeliveryValidator : AbstractValidator<AgreementDeliveryRequest>
{
    /// <summary>The rules.</summary>
    public AgreementDeliveryValidator()
    {
        RuleFor(x => x.Service).Text(100);
        RuleFor(x => x.Quantity).Must(m => m.HasCurrency && m.IsPositive && (m.Currency == Currency.COUNT || m.Currency == Currency.HOUR))
            .WithMessage("'quantity' is a positive COUNT (sessions) or HOUR amount.");
        RuleFor(x => x.Beneficiaries).InclusiveBetween(0, 1_000_000);
        RuleFor(x => x.Evidence).Text(200);
    }
}

/// <summary>The operator's revenue from a leased space for one agreement month, on which the fund's share is paid.</summary>
/// <param name="Month">The first day of the agreement month.</param>
/// <param name="Revenue">The revenue from the space in that month (CNY, zero or more).</param>
/// <param name="Date">The payment date.</param>
/// <param name="Fund">The community fund receiving the share.</param>
/// <param name="DistributedRevenue">The part of <paramref name="Revenue"/> that is service-package revenue a
/// distribution policy already shares with the fund (CNY, zero or more; omitted means none). More than zero is refused
/// with <c>agreement.fund_share_overlaps_distribution</c> unless the lease says <c>fundShareOnDistributedRevenue</c>.</param>
public sealed record RevenueShareRequest(LocalDate Month, Money Revenue, LocalDate Date, string Fund, Money? DistributedRevenue = null);

/// <summary>Validates <see cref="RevenueShareRequest"/>.</summary>
public sealed class RevenueShareValidator : AbstractValidator<RevenueShareRequest>
{
    /// <summary>The rules.</summary>
    public RevenueShareValidator()
    {
        RuleFor(x => x.Revenue).Must(m => m.HasCurrency && m.Currency == Currency.CNY && !m.IsNegative).WithMessage("'revenue' is a CNY amount of zero or more.");
        RuleFor(x => x.DistributedRevenue!.Value).Must(m => m.HasCurrency && m.Currency == Currency.CNY && !m.IsNegative)
            .WithMessage("'distributedRevenue' is a CNY amount of zero or more.").OverridePropertyName("distributedRevenue").When(x => x.DistributedRevenue is not null);
        RuleFor(x => x.Fund).Slug();
    }
}

/// <summary>The ledger's donated-use policy.</summary>
/// <param name="Policy">memoOnly (default) or recognizeAtFairValue.</param>
public sealed record DonatedUseDto(DonatedUse Policy);

/// <summary>Validates <see cref="DonatedUseDto"/>.</summary>
public sealed class DonatedUseValidator : AbstractValidator<DonatedUseDto>
{
    /// <summary>The rules.</summary>
    public DonatedUseValidator() => RuleFor(x => x.Policy).IsInEnum();
}

/// <summary>An agreement with the journals a command posted.</summary>
/// <param name="Agreement">The agreement after the command.</param>
/// <param name="Journals">The journals posted (empty when nothing was due).</param>
public sealed record AgreementResultDto(ServiceAgreement Agreement, IReadOnlyList<JournalDto> Journals);

/// <summary>One-yuan leases (一元租金) and resource-for-service swaps (资源换服务): lifecycle, charges, deliveries, obligations.</summary>
public static class AgreementsApi
{
    private const string Tag = "Leases and swaps";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapAgreements(this RouteGroupBuilder group)
    {
        group.MapGet("/agreements", ListAsync).RequireAuthorization(Policies.Read)
            .WithName("ListAgreements").WithSummary("Leases and swaps (a provider sees those it operates).").WithTags(Tag);
        group.MapPost("/agreements", RegisterAsync).RequireAuthorization(Policies.Admin).Validates<AgreementRequest>().Idempotent()
            .WithName("RegisterAgreement").WithSummary("Registers a one-yuan lease or a resource-for-service swap as a draft (hub administrator).").WithTags(Tag);
        group.MapGet("/agreements/{agreementId}", GetAsync).RequireAuthorization(Policies.Read)
            .WithName("GetAgreement").WithSummary("One agreement with its terms, status and what has been charged.").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/activate", ActivateAsync).RequireAuthorization(Policies.Admin).Idempotent()
            .WithName("ActivateAgreement").WithSummary("Puts a draft agreement in force (draft → active).").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/end", EndAsync).RequireAuthorization(Policies.Admin).Validates<EndAgreementRequest>().Idempotent()
            .WithName("EndAgreement").WithSummary("Ends an agreement: expired on its last day, or terminated early with a reason (active → ended).").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/post-due", PostDueAsync).RequireAuthorization(Policies.Write).Validates<PostDueRequest>().Idempotent()
            .WithName("PostAgreementDue").WithSummary("Posts the rent and the services owed for every period started by a date, and the use (fair rent forgone or resources received) of every month ended by it; running it again posts nothing new.").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/deliveries", DeliverAsync).RequireAuthorization(Policies.Write).Validates<AgreementDeliveryRequest>().Idempotent()
            .WithName("RecordAgreementDelivery").WithSummary("Records services delivered under an agreement (memo units, with beneficiaries and evidence).").WithTags(Tag);
        group.MapPost("/agreements/{agreementId}/revenue-shares", ShareRevenueAsync).RequireAuthorization(Policies.Write).Validates<RevenueShareRequest>().Idempotent()
            .WithName("PayRevenueShare").WithSummary("Pays the fund its share (the lease's basis points) of a month's revenue from the space; each month once. Revenue already distributed 70/25/5 is refused unless the lease says so.").WithTags(Tag);
        group.MapGet("/agreements/{agreementId}/deliveries", ListDeliveriesAsync).RequireAuthorization(Policies.Read)
            .WithName("ListAgreementDeliveries").WithSummary("The deliveries recorded under an agreement.").WithTags(Tag);
        group.MapGet("/agreements/{agreementId}/obligations", ObligationsAsync).RequireAuthorization(Policies.Read)
            .WithName("AgreementObligations").WithSummary("Owed, delivered, shortfall and surplus per month and service as of a date (default: today in the ledger's zone).").WithTags(Tag);
        group.MapGet("/settings/donated-use", GetDonatedUseAsync).RequireAuthorization(Policies.Read)
            .WithName("GetDonatedUse").WithSummary("The ledger's donated-use policy: memoOnly (民非 2004) or recognizeAtFairValue.").WithTags(Tag);
        group.MapPut("/settings/donated-use", SetDonatedUseAsync).RequireAuthorization(Policies.Admin).Validates<DonatedUseDto>()
            .WithName("SetDonatedUse").WithSummary("Sets the donated-use policy for journals posted from now on (hub administrator).").WithTags(Tag);
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<ServiceAgreement>>, ProblemHttpResult>> ListAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        EntityId? own = scope.Caller.Role == ApiRole.Provider ? EntityId.From(scope.Caller.Entity!) : null;
        return TypedResults.Ok(await agreements.ListAsync(scope.Id, own, ct));
    }

    private static async Task<Results<Created<ServiceAgreement>, ProblemHttpResult>> RegisterAsync(string ledgerId, AgreementRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var agreement = new ServiceAgreement(request.Id, request.Kind, EntityId.From(request.Grantor), EntityId.From(request.Operator), request.Start, request.End, [.. request.Obligations])
        {
            Lease = request.Kind == AgreementKind.NominalLease ? request.Lease : null,
            Swap = request.Kind == AgreementKind.ResourceSwap ? request.Swap : null,
            EvaluationEveryMonths = request.EvaluationEveryMonths,
        };
        var result = await agreements.RegisterAsync(scope.Id, agreement, cancellationToken: ct);
        return result.Succeeded ? TypedResults.Created($"/ledgers/{ledgerId}/agreements/{agreement.Id}", result.Value!) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<ServiceAgreement>, ProblemHttpResult>> GetAsync(string ledgerId, string agreementId, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (agreement, problem) = await ReadableAsync(ledgerId, agreementId, user, store, agreements, ct);
        return agreement is null ? problem! : TypedResults.Ok(agreement);
    }

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> ActivateAsync(string ledgerId, string agreementId, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var result = await agreements.ActivateAsync(scope.Id, agreementId, cancellationToken: ct);
        return result.Succeeded ? TypedResults.Ok(new AgreementResultDto(result.Value!, [])) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> EndAsync(string ledgerId, string agreementId, EndAgreementRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var result = await agreements.EndAsync(scope.Id, agreementId, request.Ending, request.LastDay, request.Reason, ct);
        return result.Succeeded ? TypedResults.Ok(new AgreementResultDto(result.Value!, [.. result.Journals.Select(j => JournalDto.From(j))])) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> PostDueAsync(string ledgerId, string agreementId, PostDueRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (agreement, problem) = await WritableAsync(ledgerId, agreementId, user, store, agreements, ct);
        if (agreement is null)
        {
            return problem!;
        }

        var result = await agreements.PostDueAsync(LedgerId.From(ledgerId), agreementId, request.Through, ct);
        return result.Succeeded ? TypedResults.Ok(new AgreementResultDto(result.Value!, [.. result.Journals.Select(j => JournalDto.From(j))])) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<ServiceDelivery>, ProblemHttpResult>> DeliverAsync(
        string ledgerId, string agreementId, AgreementDeliveryRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (agreement, problem) = await WritableAsync(ledgerId, agreementId, user, store, agreements, ct);
        if (agreement is null)
        {
            return problem!;
        }

        var delivery = new ServiceDelivery(agreementId, request.Service, request.Date, request.Quantity, request.Beneficiaries, request.Evidence);
        var result = await agreements.RecordDeliveryAsync(LedgerId.From(ledgerId), delivery, http.Request.Headers[IdempotencyFilter.Header], ct);
        return result.Succeeded
            ? TypedResults.Created($"/ledgers/{ledgerId}/journals/{result.Journals[0].Id}", result.Value!)
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<AgreementResultDto>, ProblemHttpResult>> ShareRevenueAsync(
        string ledgerId, string agreementId, RevenueShareRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (agreement, problem) = await WritableAsync(ledgerId, agreementId, user, store, agreements, ct);
        if (agreement is null)
        {
            return problem!;
        }

        var payment = new RevenueSharePayment(agreementId, request.Month, request.Revenue, request.Date, EntityId.From(request.Fund)) { DistributedRevenue = request.DistributedRevenue };
        var result = await agreements.PayRevenueShareAsync(LedgerId.From(ledgerId), payment, http.Request.Headers[IdempotencyFilter.Header], ct);
        return result.Succeeded ? TypedResults.Ok(new AgreementResultDto(result.Value!, [.. result.Journals.Select(j => JournalDto.From(j))])) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<IReadOnlyList<ServiceDelivery>>, ProblemHttpResult>> ListDeliveriesAsync(string ledgerId, string agreementId, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (agreement, problem) = await ReadableAsync(ledgerId, agreementId, user, store, agreements, ct);
        return agreement is null ? problem! : TypedResults.Ok(await agreements.ListDeliveriesAsync(LedgerId.From(ledgerId), agreementId, ct));
    }

    private static async Task<Results<Ok<ObligationStatus>, ProblemHttpResult>> ObligationsAsync(
        string ledgerId, string agreementId, string? asOf, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, IClock clock, CancellationToken ct)
    {
        var (agreement, problem) = await ReadableAsync(ledgerId, agreementId, user, store, agreements, ct);
        if (agreement is null)
        {
            return problem!;
        }

        if (!ReportsApi.TryDate(asOf, out var given))
        {
            return ReportsApi.BadDate();
        }

        var state = await store.GetLedgerAsync(LedgerId.From(ledgerId), ct);
        var date = given ?? clock.GetCurrentInstant().InZone(state!.Definition.TimeZone).Date;
        return TypedResults.Ok((await agreements.ObligationStatusAsync(LedgerId.From(ledgerId), agreementId, date, ct))!);
    }

    private static async Task<Results<Ok<DonatedUseDto>, ProblemHttpResult>> GetDonatedUseAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(new DonatedUseDto(await agreements.GetDonatedUseAsync(scope.Id, ct)));
    }

    private static async Task<Results<Ok<DonatedUseDto>, ProblemHttpResult>> SetDonatedUseAsync(string ledgerId, DonatedUseDto request, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var result = await agreements.SetDonatedUseAsync(scope.Id, request.Policy, cancellationToken: ct);
        return result.Succeeded ? TypedResults.Ok(request) : ApiProblems.FromErrors(result.Errors);
    }

    /// <summary>The agreement if the caller may read it: administrators and trustees all, a provider those it operates
    /// or grants; anything else is "not found", so nothing leaks.</summary>
    private static async Task<(ServiceAgreement? Agreement, ProblemHttpResult? Problem)> ReadableAsync(
        string ledgerId, string agreementId, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return (null, problem);
        }

        var agreement = await agreements.GetAsync(scope.Id, agreementId, ct);
        return agreement is not null && (scope.Caller.MayRead(agreement.Operator.Value) || scope.Caller.MayRead(agreement.Grantor.Value))
            ? (agreement, null)
            : (null, ApiProblems.NotFound(CommunityErrorCodes.AgreementNotFound, $"No agreement '{agreementId}' in this ledger."));
    }

    /// <summary>The agreement if the caller may act on it: the administrator, or the operator's own key.</summary>
    private static async Task<(ServiceAgreement? Agreement, ProblemHttpResult? Problem)> WritableAsync(
        string ledgerId, string agreementId, ClaimsPrincipal user, ILedgerStore store, CommunityAgreements agreements, CancellationToken ct)
    {
        var (agreement, problem) = await ReadableAsync(ledgerId, agreementId, user, store, agreements, ct);
        if (agreement is null)
        {
            return (null, problem);
        }

        return Caller.From(user).MayWriteFor(agreement.Operator.Value)
            ? (agreement, null)
            : (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, "auth.forbidden_entity", $"This key may not act for '{agreement.Operator}'."));
    }
}
