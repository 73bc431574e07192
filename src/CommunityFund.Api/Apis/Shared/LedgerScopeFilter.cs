namespace CommunityFund.Api.Apis;

/// <summary>
/// Resolves the request's <see cref="LedgerScope"/> before the handler runs, or answers <c>ledger.not_found</c>. It is
/// the innermost filter of every endpoint under <c>/ledgers/{ledgerId}</c> (<see cref="LedgerScopeExtensions.InLedger"/>
/// adds it last), so a malformed body or a missing Idempotency-Key is still answered first, and the ledger is read
/// where the handler used to read it.
/// </summary>
public static class LedgerScopeFilter
{
    /// <summary>The filter factory (one instance, so the ledger group can check that it is every endpoint's last).</summary>
    public static readonly Func<EndpointFilterFactoryContext, EndpointFilterDelegate, EndpointFilterDelegate> Factory = (_, next) => async invocation =>
    {
        var http = invocation.HttpContext;
        var scope = http.RequestServices.GetRequiredService<LedgerScope>();
        var readState = http.GetEndpoint()?.Metadata.GetMetadata<LedgerCommandMarker>() is null;
        return await scope.ResolveAsync(http, readState) is { } notFound ? notFound : await next(invocation);
    };
}
