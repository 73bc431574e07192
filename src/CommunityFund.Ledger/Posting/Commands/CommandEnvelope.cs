using CommunityFund.Ledger;

namespace CommunityFund.Posting;

/// <summary>
/// What every write carries through the one command pipeline: the ledger, the command's name, the caller's idempotency
/// key and the command's one fingerprint (the SHA-256 of its content). The fingerprint is written with what the command
/// records; a replayed key with the same fingerprint answers what the first run did, with another fingerprint it is a
/// conflict (<see cref="ErrorCodes.IdempotencyConflict"/>) — decided in one place, <see cref="CommandRunner"/>.
/// </summary>
/// <param name="Ledger">The ledger written.</param>
/// <param name="Name">The command's name (e.g. <c>sale</c>), for tracing and the fingerprint.</param>
/// <param name="IdempotencyKey">The caller's key, or <c>null</c> for a command that is not retried.</param>
/// <param name="Fingerprint">The SHA-256 (hex) of the command's name and content.</param>
public sealed record CommandEnvelope(LedgerId Ledger, string Name, string? IdempotencyKey, string Fingerprint)
{
    /// <summary>An envelope whose fingerprint is computed from the command's content: each part is written in its
    /// invariant form (money as minor units and currency), length-prefixed, so no two contents share a fingerprint.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="name">The command's name.</param>
    /// <param name="idempotencyKey">The caller's key, if any.</param>
    /// <param name="content">The command's content, in a fixed order.</param>
    /// <returns>The envelope.</returns>
    public static CommandEnvelope For(LedgerId ledger, string name, string? idempotencyKey, params object?[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new(ledger, name, idempotencyKey, RequestFingerprint.Of(name, content));
    }
}
