using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>An API key (never its secret, except once in <see cref="CreatedKeyDto"/>).</summary>
public sealed record ApiKeyDto(string Id, string Name, Security.ApiRole Role, string? Entity, Instant CreatedAt, Instant? RevokedAt)
{
    /// <summary>Maps a stored key (never its secret).</summary>
    public static ApiKeyDto FromCore(Security.ApiKeyRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Id, r.Name, r.Role, r.Entity, r.CreatedAt, r.RevokedAt);
    }
}

/// <summary>A new API key: the only time the full key is shown.</summary>
public sealed record CreatedKeyDto(string Id, string Key, Security.ApiRole Role, string? Entity, string Warning);

/// <summary>An API key to create.</summary>
public sealed record CreateKeyRequest(string Name, Security.ApiRole Role, string? Entity = null);
