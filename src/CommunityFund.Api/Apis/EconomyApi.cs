using System.Collections.Immutable;
using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>Packages, policies, sales (with their 70/25/5 distribution), deliveries and refunds.</summary>
public static class EconomyApi
{
    private const string IdempotencyHeader = IdempotencyFilter.Header;

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapEconomy(this RouteGroupBuilder group)
    {
        group.MapGet("/packages", ListPackagesAsync).RequireAuthorization(Policies.Read).WithName("ListPackages").WithSummary("The current version of every service package.").WithTags("Packages");
        group.MapPost("/packages", PublishPackageAsync).RequireAuthorization(Policies.Write).Validates<PackageRequest>().Idempotent()
            .WithName("PublishPackage").WithSummary("Publishes a package or a new version of it (hub administrator, or the provider for its own).").WithTags("Packages");
        group.MapGet("/policies", ListPoliciesAsync).RequireAuthorization(Policies.Read).WithName("ListPolicies").WithSummary("Every distribution policy version.").WithTags("Policies");
        group.MapPost("/policies", AddPolicyAsync).RequireAuthorization(Policies.Admin).Validates<PolicyRequest>().Idempotent()
            .WithName("AddPolicy").WithSummary("Adds a distribution policy version; shares must sum to 10,000 basis points (hub administrator).").WithTags("Policies");
        group.MapPost("/sales", RecordSaleAsync).RequireAuthorization(Policies.Write).Validates<CreateSaleRequest>().Idempotent()
            .WithName("RecordSale").WithSummary("Records a sale; returns its 70/25/5 distribution (base, each share, policy version).").WithTags("Sales");
        group.MapGet("/sales", ListSalesAsync).RequireAuthorization(Policies.Read).WithName("ListSales").WithSummary("Sales, in recording order (a provider sees its own).").WithTags("Sales");
        group.MapGet("/sales/{saleId:guid}", GetSaleAsync).RequireAuthorization(Policies.Read).WithName("GetSale").WithSummary("One sale with its distributions and refunds.").WithTags("Sales");
        group.MapPost("/sales/{saleId:guid}/refunds", RefundAsync).RequireAuthorization(Policies.Write).Validates<CreateRefundRequest>().Idempotent()
            .WithName("RefundSale").WithSummary("Refunds part or all of a sale; shares are reversed proportionally.").WithTags("Sales");
        group.MapPost("/deliveries", RecordDeliveryAsync).RequireAuthorization(Policies.Write).Validates<CreateDeliveryRequest>().Idempotent()
            .WithName("RecordDelivery").WithSummary("Records delivered sessions of a prepaid sale (revenue recognised) or of a free package (memo counts).").WithTags("Sales");
        return group;
    }

    private static async Task<Results<Ok<IReadOnlyList<ServicePackage>>, ProblemHttpResult>> ListPackagesAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(await economy.Records.ListPackagesAsync(scope.Id, null, ct));
    }

    private static async Task<Results<Created<ServicePackage>, ProblemHttpResult>> PublishPackageAsync(string ledgerId, PackageRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (scope.DenyWrite(request.Provider) is { } denied)
        {
            return denied;
        }

        var package = new ServicePackage(request.Id, EntityId.From(request.Provider), 1, request.NameZh, request.NameEn, request.Sessions, request.Hours,
            request.Tiers.ToImmutableSortedDictionary(t => t.Key, t => new TierPrice(t.Value.Price, t.Value.Cap)), request.EffectiveFrom)
        {
            SessionsDeliveredAtSale = request.SessionsDeliveredAtSale,
        };
        var result = await economy.PublishPackageAsync(scope.Id, package, cancellationToken: ct);
        return result.Succeeded ? TypedResults.Created($"/ledgers/{ledgerId}/packages", result.Value!) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<IReadOnlyList<DistributionPolicy>>, ProblemHttpResult>> ListPoliciesAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(await economy.Records.GetPoliciesAsync(scope.Id, ct));
    }

    private static async Task<Results<Created<DistributionPolicy>, ProblemHttpResult>> AddPolicyAsync(string ledgerId, PolicyRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var policy = new DistributionPolicy(request.Id, request.Version, EntityId.From(request.Hub), EntityId.From(request.Fund),
            [.. request.Shares.Select(s => new PolicyShare(s.Party, s.BasisPoints))], request.EffectiveFrom)
        {
            EffectiveTo = request.EffectiveTo,
            DistributableTiers = request.DistributableTiers is { } tiers ? [.. tiers] : [PricingTier.LowCost, PricingTier.Paid],
            HubRefund = request.HubRefund,
            FundRefund = request.FundRefund,
            FundRestriction = request.FundRestriction,
        };
        var result = await economy.AddPolicyAsync(scope.Id, policy, cancellationToken: ct);
        return result.Succeeded ? TypedResults.Created($"/ledgers/{ledgerId}/policies", result.Value!) : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<SaleDto>, ProblemHttpResult>> RecordSaleAsync(
        string ledgerId, CreateSaleRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (scope.DenyWrite(request.Provider) is { } denied)
        {
            return denied;
        }

        var sale = new SaleRequest(EntityId.From(request.Provider), request.PackageId, request.Tier, request.Quantity, request.UnitPrice, request.Channel, request.Date, request.ResidentReference)
        {
            Vat = request.Vat,
            Prepaid = request.Prepaid,
        };
        var result = await economy.RecordSaleAsync(scope.Id, sale, http.Request.Headers[IdempotencyHeader], ct);
        return result.Succeeded && result.Value is { } record
            ? TypedResults.Created($"/ledgers/{ledgerId}/sales/{record.Id}", SaleDto.From(record))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Ok<List<SaleDto>>, ProblemHttpResult>> ListSalesAsync(string ledgerId, string? provider, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var owner = scope.Caller.Role == ApiRole.Provider ? scope.Caller.Entity : provider;
        if (provider is not null && scope.DenyRead(provider) is { } denied)
        {
            return denied;
        }

        EntityId? filter = owner is not null && EntityId.TryFrom(owner, out var id) ? id : null;
        if (owner is not null && filter is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "validation.failed", "'provider' is not a valid entity id.");
        }

        return TypedResults.Ok((await economy.Records.ListSalesAsync(scope.Id, filter, ct)).Select(SaleDto.From).ToList());
    }

    private static async Task<Results<Ok<SaleDto>, ProblemHttpResult>> GetSaleAsync(string ledgerId, Guid saleId, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var sale = await economy.Records.GetSaleAsync(scope.Id, new SaleId(saleId), ct);
        return sale is null || !scope.Caller.MayRead(sale.Request.Provider.Value)
            ? ApiProblems.NotFound("sale.not_found", $"No sale {saleId} for this key.")
            : TypedResults.Ok(SaleDto.From(sale));
    }

    private static async Task<Results<Created<SaleDto>, ProblemHttpResult>> RefundAsync(
        string ledgerId, Guid saleId, CreateRefundRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var sale = await economy.Records.GetSaleAsync(scope.Id, new SaleId(saleId), ct);
        if (sale is null || !scope.Caller.MayWriteFor(sale.Request.Provider.Value))
        {
            return ApiProblems.NotFound("sale.not_found", $"No sale {saleId} for this key.");
        }

        var result = await economy.RefundAsync(scope.Id, new RefundRequest(sale.Id, request.Amount, request.Date, request.Reason) { Channel = request.Channel }, http.Request.Headers[IdempotencyHeader], ct);
        return result.Succeeded && result.Value is { } record
            ? TypedResults.Created($"/ledgers/{ledgerId}/sales/{record.Id}", SaleDto.From(record))
            : ApiProblems.FromErrors(result.Errors);
    }

    private static async Task<Results<Created<SaleDto>, Created<JournalDto>, ProblemHttpResult>> RecordDeliveryAsync(
        string ledgerId, CreateDeliveryRequest request, HttpContext http, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        var delivery = new DeliveryRequest(request.Date, request.Sessions) { Beneficiaries = request.Beneficiaries };
        if (request.Sale is { } saleId)
        {
            var sale = await economy.Records.GetSaleAsync(scope.Id, new SaleId(saleId), ct);
            if (sale is null || !scope.Caller.MayWriteFor(sale.Request.Provider.Value))
            {
                return ApiProblems.NotFound("sale.not_found", $"No sale {saleId} for this key.");
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

        var result = await economy.RecordDeliveryAsync(scope.Id, delivery, http.Request.Headers[IdempotencyHeader], ct);
        if (!result.Succeeded)
        {
            return ApiProblems.FromErrors(result.Errors);
        }

        return result.Value is { } record
            ? TypedResults.Created($"/ledgers/{ledgerId}/sales/{record.Id}", SaleDto.From(record))
            : TypedResults.Created($"/ledgers/{ledgerId}/journals/{result.Journals[0].Id}", JournalDto.From(result.Journals[0]));
    }
}
