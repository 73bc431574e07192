using NodaTime;

namespace CommunityFund.Api.Security;

/// <summary>One of the hub's checkpoint-signing keys, as the key ring keeps it: its public half only.</summary>
/// <param name="KeyId">The key's id: the first 16 hex digits of the SHA-256 of its public key (SubjectPublicKeyInfo).</param>
/// <param name="PublicKeyPem">The public key, PEM.</param>
/// <param name="CreatedAt">When it became the signing key (for a key older than the ring: its key file's last write).</param>
/// <param name="RetiredAt">When a rotation replaced it, or <c>null</c> for the current key. A running API keeps signing
/// with the key it started with until it is restarted, so checkpoints signed a little after this instant are genuine.</param>
public sealed record CheckpointKey(string KeyId, string PublicKeyPem, Instant CreatedAt, Instant? RetiredAt);
