using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>Checkpoints a trustee kept, to audit the books against: plain (sequence and hash) or as signed by the hub.</summary>
/// <param name="Checkpoints">Plain checkpoints.</param>
/// <param name="Signed">Checkpoints signed by the hub; a bad signature is an error finding.</param>
public sealed record AuditRequest(IReadOnlyList<ChainCheckpointDto>? Checkpoints = null, IReadOnlyList<SignedCheckpointDto>? Signed = null);

/// <summary>The hub's checkpoint public key.</summary>
/// <param name="KeyId">The key's id.</param>
/// <param name="PublicKeyPem">The public key, PEM.</param>
public sealed record CheckpointKeyDto(string KeyId, string PublicKeyPem);

/// <summary>One of the hub's checkpoint keys and when it signed.</summary>
/// <param name="KeyId">The key's id (the first 16 hex digits of the SHA-256 of its public key).</param>
/// <param name="PublicKeyPem">The public key, PEM.</param>
/// <param name="CreatedAt">When it became the signing key.</param>
/// <param name="RetiredAt">When a rotation replaced it; absent for the current key. The API signs with the key it
/// started with until it restarts, so a checkpoint signed shortly after this instant is still genuine.</param>
public sealed record CheckpointKeyValidityDto(string KeyId, string PublicKeyPem, Instant CreatedAt, Instant? RetiredAt)
{
    /// <summary><c>true</c> for the key that signs now.</summary>
    public bool IsCurrent => RetiredAt is null;

    /// <summary>Maps a key of the ring.</summary>
    public static CheckpointKeyValidityDto FromKey(Security.CheckpointKey value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.KeyId, value.PublicKeyPem, value.CreatedAt, value.RetiredAt);
    }
}

/// <summary>The audit of a ledger: what was checked and every finding (empty when everything holds).</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="JournalsChecked">Journals read.</param>
/// <param name="Head">The chain head the audit ended at.</param>
/// <param name="CheckpointsVerified">Kept checkpoints the books still extend.</param>
/// <param name="Findings">The findings, errors first.</param>
public sealed record AuditReportDto(LedgerId Ledger, long JournalsChecked, ChainCheckpointDto Head, int CheckpointsVerified, ImmutableArray<AuditFindingDto> Findings)
{
    /// <summary><c>true</c> when there is no error finding.</summary>
    public bool IsSound { get; private init; }

    /// <summary>Maps the books' <c>AuditReport</c>.</summary>
    public static AuditReportDto FromCore(Audit.AuditReport value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Ledger, value.JournalsChecked, ChainCheckpointDto.FromCore(value.Head), value.CheckpointsVerified, [.. value.Findings.Select(AuditFindingDto.FromCore)])
        {
            IsSound = value.IsSound,
        };
    }
}

/// <summary>One thing the audit found.</summary>
/// <param name="Severity">How serious.</param>
/// <param name="Code">A stable code, e.g. <c>chain.broken</c>.</param>
/// <param name="Message">What is wrong, with the figures.</param>
public sealed record AuditFindingDto(FindingSeverity Severity, string Code, string Message)
{
    /// <summary>The first journal sequence concerned, when there is one.</summary>
    public long? Sequence { get; init; }

    /// <summary>The entity concerned, when there is one.</summary>
    public EntityId? Entity { get; init; }

    /// <summary>Maps the books' <c>AuditFinding</c>.</summary>
    public static AuditFindingDto FromCore(Audit.AuditFinding value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Severity.ToWire(), value.Code, value.Message)
        {
            Sequence = value.Sequence,
            Entity = value.Entity,
        };
    }
}

/// <summary>
/// A point of a chain someone kept: its sequence and hash. A chain that still holds it ends at or after it.
/// </summary>
/// <param name="Sequence">The sequence.</param>
/// <param name="Hash">The hash of the journal at that sequence.</param>
public sealed record ChainCheckpointDto(long Sequence, string Hash)
{
    /// <summary>Maps the books' <c>ChainCheckpoint</c>.</summary>
    public static ChainCheckpointDto FromCore(Posting.ChainCheckpoint value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Sequence, value.Hash);
    }

    /// <summary>The books' <c>ChainCheckpoint</c>.</summary>
    public Posting.ChainCheckpoint ToCore() => new(Sequence, Hash);
}

/// <summary>
/// A chain head published and signed by the hub: anyone holding it and the hub's public key can later prove
/// the books still extend it (see <c>LedgerAudit</c>). A trustee sends it back as it was received; <see cref="Payload"/>
/// and <see cref="Checkpoint"/> are derived from the other members and ignored when sent.
/// </summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Sequence">The head's sequence.</param>
/// <param name="Hash">The head's hash.</param>
/// <param name="SignedAt">When it was signed.</param>
/// <param name="KeyId">The signing key's id (the first 16 hex digits of the SHA-256 of its public key; see
/// <c>GET /ledgers/{ledgerId}/checkpoint/keys</c>). A checkpoint sent back without it is checked against every key of the hub.</param>
/// <param name="Signature">The ECDSA P-256 / SHA-256 signature of <see cref="Payload"/>, base64.</param>
public sealed record SignedCheckpointDto(LedgerId Ledger, long Sequence, string Hash, Instant SignedAt, string? KeyId, string Signature)
{
    /// <summary>The exact text that is signed.</summary>
    public string Payload => ToCore().Payload;

    /// <summary>The checkpoint without its signature.</summary>
    public ChainCheckpointDto Checkpoint => new(Sequence, Hash);

    /// <summary>Maps the books' <c>SignedCheckpoint</c>.</summary>
    public static SignedCheckpointDto FromCore(Reports.SignedCheckpoint value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(value.Ledger, value.Sequence, value.Hash, value.SignedAt, value.KeyId, value.Signature);
    }

    /// <summary>The books' <c>SignedCheckpoint</c>.</summary>
    public Reports.SignedCheckpoint ToCore() => new(Ledger, Sequence, Hash, SignedAt, KeyId ?? string.Empty, Signature);
}
