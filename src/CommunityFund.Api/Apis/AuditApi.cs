using System.Security.Claims;
using CommunityFund.Api.Security;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Storage;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Checkpoints a trustee kept, to audit the books against: plain (sequence and hash) or as signed by the hub.</summary>
/// <param name="Checkpoints">Plain checkpoints.</param>
/// <param name="Signed">Checkpoints signed by the hub; a bad signature is an error finding.</param>
public sealed record AuditRequest(IReadOnlyList<ChainCheckpoint>? Checkpoints = null, IReadOnlyList<SignedCheckpoint>? Signed = null);

/// <summary>Validates <see cref="AuditRequest"/>.</summary>
public sealed class AuditRequestValidator : AbstractValidator<AuditRequest>
{
    /// <summary>The rules.</summary>
    public AuditRequestValidator()
    {
        RuleFor(x => x).Must(x => (x.Checkpoints?.Count ?? 0) + (x.Signed?.Count ?? 0) <= 1_000).OverridePropertyName("checkpoints")
            .WithMessage("At most 1,000 checkpoints per audit.");
        RuleForEach(x => x.Checkpoints).NotNull().ChildRules(c =>
        {
            c.RuleFor(x => x.Sequence).GreaterThan(0);
            c.RuleFor(x => x.Hash).NotEmpty().Length(64).Matches("^[0-9a-f]{64}$");
        }).When(x => x.Checkpoints is not null);
        RuleForEach(x => x.Signed).NotNull().ChildRules(c =>
        {
            c.RuleFor(x => x.Sequence).GreaterThan(0);
            c.RuleFor(x => x.Hash).NotEmpty().Length(64).Matches("^[0-9a-f]{64}$");
            c.RuleFor(x => x.KeyId).NotEmpty().MaximumLength(64);
            c.RuleFor(x => x.Signature).NotEmpty().MaximumLength(200);
        }).When(x => x.Signed is not null);
    }
}

/// <summary>The hub's checkpoint public key.</summary>
/// <param name="KeyId">The key's id.</param>
/// <param name="PublicKeyPem">The public key, PEM.</param>
public sealed record CheckpointKeyDto(string KeyId, string PublicKeyPem);

/// <summary>The trustees' audit and the hub's signed checkpoints.</summary>
public static class AuditApi
{
    private const string Tag = "Audit";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder group)
    {
        group.MapGet("/audit", AuditAsync).RequireAuthorization(Policies.Audit)
            .WithName("Audit").WithSummary("The audit: chain, balances, reconciliation, distributions, settlements, restrictions, agency, the fund's shares unpaid over 90 days as of 'asOf' (default today) — a list of findings, empty when all holds.").WithTags(Tag);
        group.MapPost("/audit", AuditCheckpointsAsync).RequireAuthorization(Policies.Audit).Validates<AuditRequest>()
            .WithName("AuditAgainstCheckpoints").WithSummary("The audit, also proving the books still extend every checkpoint given (signed ones are checked against the hub's key).").WithTags(Tag);
        group.MapGet("/checkpoint", CheckpointAsync).RequireAuthorization(Policies.Audit)
            .WithName("SignedCheckpoint").WithSummary("The chain head (sequence and hash), signed by the hub; keep it to audit against later.").WithTags(Tag);
        group.MapGet("/checkpoint/key", KeyAsync).RequireAuthorization(Policies.Audit)
            .WithName("CheckpointKey").WithSummary("The hub's public key that signs checkpoints (PEM).").WithTags(Tag);
        return group;
    }

    private static async Task<Results<Ok<AuditReport>, ProblemHttpResult>> AuditAsync(string ledgerId, string? asOf, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, IClock clock, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        return AgeingDate(scope, asOf, clock) is { } day
            ? TypedResults.Ok(await LedgerAudit.RunAsync(store, economy.Records, scope.Id, day, null, ct))
            : ReportsApi.BadDate();
    }

    /// <summary>The date the audit ages what providers owe the fund to: 'asOf', or today in the ledger's time zone;
    /// <c>null</c> when 'asOf' is not a date.</summary>
    private static LocalDate? AgeingDate(Scope scope, string? asOf, IClock clock) =>
        !ReportsApi.TryDate(asOf, out var date) ? null : date ?? clock.GetCurrentInstant().InZone(scope.State.Definition.TimeZone).Date;

    private static async Task<Results<Ok<AuditReport>, ProblemHttpResult>> AuditCheckpointsAsync(
        string ledgerId, string? asOf, AuditRequest request, ClaimsPrincipal user, ILedgerStore store, CommunityEconomy economy, CheckpointSigner signer, IClock clock, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        if (AgeingDate(scope, asOf, clock) is not { } day)
        {
            return ReportsApi.BadDate();
        }

        var signed = request.Signed ?? [];
        var report = await LedgerAudit.RunAsync(store, economy.Records, scope.Id, day, [.. request.Checkpoints ?? [], .. signed.Select(s => s.Checkpoint)], ct);
        var forged = signed.Where(s => s.Ledger != scope.Id || !CheckpointSigner.Verify(s, signer.PublicKeyPem))
            .Select(s => new AuditFinding(FindingSeverity.Error, "checkpoint.signature_invalid",
                $"The checkpoint at {s.Sequence} is not signed by this hub's key {signer.KeyId} for ledger '{scope.Id}'.") { Sequence = s.Sequence })
            .ToList();
        return TypedResults.Ok(forged.Count == 0 ? report : report with { Findings = [.. forged, .. report.Findings] });
    }

    private static async Task<Results<Ok<SignedCheckpoint>, ProblemHttpResult>> CheckpointAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CheckpointSigner signer, IClock clock, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        if (scope is null)
        {
            return problem!;
        }

        // Sign the head only once the chain up to it verifies: the hub never vouches for broken books.
        var chain = await ChainVerifier.VerifyAsync(store, scope.Id, cancellationToken: ct);
        return chain.IsIntact
            ? TypedResults.Ok(signer.Sign(scope.Id, new ChainCheckpoint(chain.LastSequence, chain.LastHash), clock.GetCurrentInstant()))
            : ApiProblems.Problem(StatusCodes.Status409Conflict, "chain.broken", $"The chain breaks at {chain.FirstBadSequence}: {chain.Problem} No checkpoint is signed.");
    }

    private static async Task<Results<Ok<CheckpointKeyDto>, ProblemHttpResult>> KeyAsync(string ledgerId, ClaimsPrincipal user, ILedgerStore store, CheckpointSigner signer, CancellationToken ct)
    {
        var (scope, problem) = await Scope.ResolveAsync(ledgerId, user, store, ct);
        return scope is null ? problem! : TypedResults.Ok(new CheckpointKeyDto(signer.KeyId, signer.PublicKeyPem));
    }
}
