using CommunityFund.Api.Security;
using CommunityFund.Audit;
using CommunityFund.Economy;
using CommunityFund.Posting;
using CommunityFund.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>The trustees' audit and the hub's signed checkpoints.</summary>
public static class AuditApi
{
    private const string Tag = "Audit";

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder group)
    {
        group.MapGet("/audit", AuditAsync).RequireAuthorization(Policies.Audit).RequireRateLimiting(Composition.ExpensiveReads).InLedger()
            .WithName("Audit").WithSummary("The audit: chain, balances, reconciliation, distributions, settlements, restrictions, agency, the fund's shares unpaid over 90 days as of 'asOf' (default today) — a list of findings, empty when all holds.").WithTags(Tag);
        group.MapPost("/audit", AuditCheckpointsAsync).RequireAuthorization(Policies.Audit).RequireRateLimiting(Composition.ExpensiveReads).Validates<AuditRequest>().InLedger()
            .WithName("AuditAgainstCheckpoints").WithSummary("The audit, also proving the books still extend every checkpoint given (signed ones are checked against the hub's key).").WithTags(Tag);
        group.MapGet("/checkpoint", CheckpointAsync).RequireAuthorization(Policies.Audit).RequireRateLimiting(Composition.ExpensiveReads).InLedger()
            .WithName("SignedCheckpoint").WithSummary("The chain head (sequence and hash), signed by the hub; keep it to audit against later.").WithTags(Tag);
        group.MapGet("/checkpoint/key", Key).RequireAuthorization(Policies.Audit).InLedger()
            .WithName("CheckpointKey").WithSummary("The hub's public key that signs checkpoints now (PEM).").WithTags(Tag);
        group.MapGet("/checkpoint/keys", Keys).RequireAuthorization(Policies.Audit).InLedger()
            .WithName("CheckpointKeys").WithSummary("Every public key the hub has signed checkpoints with (PEM), with its id and when it was created and retired; the current key has no retirement.").WithTags(Tag);
        return group;
    }

    // The audit reads one snapshot of the books (journals and records alike), however many sales are posted meanwhile.
    private static async Task<Results<Ok<AuditReportDto>, ProblemHttpResult>> AuditAsync(string? asOf, LedgerScope scope, ScanGate gate) =>
        AgeingDate(scope, asOf) is { } day
            ? TypedResults.Ok(AuditReportDto.FromCore(await gate.RunAsync(() => LedgerAudit.RunAsync(scope.Store, scope.Id, day, null, scope.RequestAborted), scope.RequestAborted)))
            : QueryValues.BadDate();

    private static async Task<Results<Ok<AuditReportDto>, ProblemHttpResult>> AuditCheckpointsAsync(
        string? asOf, AuditRequest request, LedgerScope scope, CheckpointKeyRing ring, ScanGate gate)
    {
        if (AgeingDate(scope, asOf) is not { } day)
        {
            return QueryValues.BadDate();
        }

        var signed = (request.Signed ?? []).Select(s => s.ToCore()).ToList();
        var report = await gate.RunAsync(() => LedgerAudit.RunAsync(scope.Store, scope.Id, day,
            [.. (request.Checkpoints ?? []).Select(c => c.ToCore()), .. signed.Select(s => s.Checkpoint)], scope.RequestAborted), scope.RequestAborted);
        var forged = signed.Where(s => s.Ledger != scope.Id || ring.SignerOf(s) is null)
            .Select(s => new AuditFinding(Audit.FindingSeverity.Error, ApiAuditFindingCodes.CheckpointSignatureInvalid, Unsigned(s, ring, scope.Id)) { Sequence = s.Sequence })
            .ToList();
        return TypedResults.Ok(AuditReportDto.FromCore(forged.Count == 0 ? report : report with { Findings = [.. forged, .. report.Findings] }));
    }

    private static async Task<Results<Ok<SignedCheckpointDto>, ProblemHttpResult>> CheckpointAsync(LedgerScope scope, CheckpointSigner signer, IClock clock, ScanGate gate)
    {
        // Sign the head only once the chain up to it verifies: the hub never vouches for broken books.
        var chain = await gate.RunAsync(() => ChainVerifier.VerifyAsync(scope.Store, scope.Id, cancellationToken: scope.RequestAborted), scope.RequestAborted);
        return chain.IsIntact
            ? TypedResults.Ok(SignedCheckpointDto.FromCore(signer.Sign(scope.Id, new ChainCheckpoint(chain.LastSequence, chain.LastHash), clock.GetCurrentInstant())))
            : ApiProblems.Problem(StatusCodes.Status409Conflict, AuditFindingCodes.ChainBroken, $"The chain breaks at {chain.FirstBadSequence}: {chain.Problem} No checkpoint is signed.");
    }

    private static Ok<CheckpointKeyDto> Key(CheckpointSigner signer) => TypedResults.Ok(new CheckpointKeyDto(signer.KeyId, signer.PublicKeyPem));

    private static Ok<List<CheckpointKeyValidityDto>> Keys(CheckpointKeyRing ring) =>
        TypedResults.Ok(ring.Keys.Select(CheckpointKeyValidityDto.FromKey).ToList());

    /// <summary>Why a signed checkpoint is not the hub's: another ledger's, a key the hub never had, or a bad signature.</summary>
    private static string Unsigned(SignedCheckpoint checkpoint, CheckpointKeyRing ring, Ledger.LedgerId ledger) =>
        checkpoint.Ledger != ledger ? $"The checkpoint at {checkpoint.Sequence} was signed for ledger '{checkpoint.Ledger}', not '{ledger}'."
        : string.IsNullOrEmpty(checkpoint.KeyId) ? $"The checkpoint at {checkpoint.Sequence} carries no key id and no key of this hub signed it."
        : ring.Find(checkpoint.KeyId) is null ? $"The checkpoint at {checkpoint.Sequence} names key {checkpoint.KeyId}, which is not one of this hub's checkpoint keys."
        : $"The checkpoint at {checkpoint.Sequence} is not signed by this hub's key {checkpoint.KeyId} for ledger '{ledger}'.";

    /// <summary>The date the audit ages what providers owe the fund to: 'asOf', or today in the ledger's time zone;
    /// <c>null</c> when 'asOf' is not a date.</summary>
    private static LocalDate? AgeingDate(LedgerScope scope, string? asOf) =>
        !QueryValues.TryDate(asOf, out var date) ? null : date ?? scope.Today;
}
