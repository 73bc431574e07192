using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CommunityFund.Api.Security;

/// <summary>Authenticates requests by API key: <c>X-Api-Key: …</c> or <c>Authorization: Bearer …</c>. Keys in the query
/// string are refused outright (they leak into logs and histories).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeys keys,
    FailedAuthentications failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>The header carrying the key.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>Claim: the ledger the key is bound to.</summary>
    public const string LedgerClaim = "cf:ledger";

    /// <summary>Claim: the provider entity of a provider key.</summary>
    public const string EntityClaim = "cf:entity";

    /// <summary>Claim: the key id.</summary>
    public const string KeyClaim = "cf:key";

    private const string FailureItem = "cf:auth-failure";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Query.Keys.Any(k => k.Contains("key", StringComparison.OrdinalIgnoreCase) || k.Equals("token", StringComparison.OrdinalIgnoreCase)))
        {
            Context.Items[FailureItem] = ApiErrorCodes.KeyInQuery;
            return AuthenticateResult.Fail("API keys are never accepted in the query string.");
        }

        string? presented = Request.Headers[Header];
        var authorization = Request.Headers.Authorization.ToString();
        if (presented is null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var client = Context.Connection.RemoteIpAddress;
        if (failures.IsBlocked(client))
        {
            Context.Items[FailureItem] = ApiErrorCodes.TooManyFailedAuthentications;
            return AuthenticateResult.Fail("Too many failed authentications from this client.");
        }

        var record = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (record is null)
        {
            failures.Failed(client);
            Context.Items[FailureItem] = ApiErrorCodes.InvalidKey;
            return AuthenticateResult.Fail("The API key is unknown, malformed or revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, record.Name),
            new(ClaimTypes.Role, record.Role.ToString()),
            new(LedgerClaim, record.Ledger),
            new(KeyClaim, record.Id),
        };
        if (record.Entity is not null)
        {
            claims.Add(new Claim(EntityClaim, record.Entity));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var code = Context.Items[FailureItem] as string ?? ApiErrorCodes.Unauthenticated;
        if (code == ApiErrorCodes.TooManyFailedAuthentications)
        {
            Response.Headers.RetryAfter = "60";
            return ApiProblems.WriteAsync(Context, StatusCodes.Status429TooManyRequests, code,
                "Too many failed authentications from this client: keys are not checked again until the minute ends; retry after the Retry-After seconds.");
        }

        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, code,
            code switch
            {
                ApiErrorCodes.KeyInQuery => "API keys are never accepted in the query string; send it in the X-Api-Key header.",
                ApiErrorCodes.InvalidKey => "The API key is unknown, malformed or revoked.",
                _ => "An API key is required: send it in the X-Api-Key header (or Authorization: Bearer).",
            });
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, ApiErrorCodes.Forbidden, "This key's role may not do this.");
}
