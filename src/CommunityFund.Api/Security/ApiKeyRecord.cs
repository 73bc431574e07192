using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Security;

/// <summary>A stored API key: only the SHA-256 of its secret is kept.</summary>
/// <param name="Id">The key id (public part).</param>
/// <param name="Ledger">The ledger it is bound to.</param>
/// <param name="Role">Its role.</param>
/// <param name="Entity">For a provider key, its entity.</param>
/// <param name="Name">A label.</param>
/// <param name="SecretHash">SHA-256 of the secret, hex.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record ApiKeyRecord(string Id, string Ledger, ApiRole Role, string? Entity, string Name, string SecretHash, Instant CreatedAt)
{
    /// <summary>When it was revoked, if it was.</summary>
    public Instant? RevokedAt { get; init; }
}
