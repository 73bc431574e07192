namespace CommunityFund.Api;

/// <summary>The audit finding codes the HTTP layer adds to the books' (<c>AuditFindingCodes</c> in
/// CommunityFund.Core); docs/errors.md lists them with the others.</summary>
public static class ApiAuditFindingCodes
{
    /// <summary>Error: a signed checkpoint given to <c>POST /audit</c> is not signed by this hub's key for this
    /// ledger.</summary>
    public const string CheckpointSignatureInvalid = "checkpoint.signature_invalid";
}
