using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace CommunityFund.Api.Security;

/// <summary>The caller, as the API key describes it.</summary>
/// <param name="Ledger">The ledger the key is bound to.</param>
/// <param name="Role">The role.</param>
/// <param name="Entity">The provider entity, for provider keys.</param>
/// <param name="KeyId">The key id.</param>
public sealed record Caller(string Ledger, ApiRole Role, string? Entity, string KeyId)
{
    /// <summary>Reads the caller from an authenticated principal.</summary>
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ApiKeyAuthenticationHandler.LedgerClaim) ?? string.Empty,
        Enum.Parse<ApiRole>(user.FindFirstValue(ClaimTypes.Role) ?? nameof(ApiRole.Trustee)),
        user.FindFirstValue(ApiKeyAuthenticationHandler.EntityClaim),
        user.FindFirstValue(ApiKeyAuthenticationHandler.KeyClaim) ?? string.Empty);

    /// <summary><c>true</c> when the caller may read the given entity's books.</summary>
    public bool MayRead(string entity) => Role != ApiRole.Provider || Entity == entity;

    /// <summary><c>true</c> when the caller may write on behalf of the given entity.</summary>
    public bool MayWriteFor(string entity) => Role == ApiRole.HubAdmin || (Role == ApiRole.Provider && Entity == entity);
}
