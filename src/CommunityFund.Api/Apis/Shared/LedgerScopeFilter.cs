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
        var scope = invocation.HttpContext.RequestServices.GetRequiredService<LedgerScope>();
        return await scope.ResolveAsync(invocation.HttpContext) is { } notFound ? notFound : await next(invocation);
    };
}

/// <summary>Marks the endpoints that run in a ledger's scope (for the group check and the tests).</summary>
public sealed class LedgerScopeMarker
{
    /// <summary>The marker.</summary>
    public static LedgerScopeMarker Instance { get; } = new();

    private LedgerScopeMarker()
    {
    }
}

/// <summary>Attaches the ledger scope to endpoints and checks that every endpoint of the ledger group has it.</summary>
public static class LedgerScopeExtensions
{
    /// <summary>Runs the endpoint in the ledger's scope; call it after every other filter (validation, idempotency).</summary>
    public static RouteHandlerBuilder InLedger(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilterFactory(LedgerScopeFilter.Factory).WithMetadata(LedgerScopeMarker.Instance);
    }

    /// <summary>Declares the <c>{ledgerId}</c> route parameter the scope is read from on every endpoint of the group (the
    /// handlers take the <see cref="LedgerScope"/> instead), and fails at start-up when an endpoint of the group does
    /// not end with <see cref="InLedger"/>, so no handler can run outside its ledger's scope, and none can resolve it
    /// before validation or idempotency.</summary>
    public static RouteGroupBuilder RequireLedgerScope(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.WithMetadata(LedgerIdParameter.Instance);
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint.FilterFactories.Count == 0 || !ReferenceEquals(endpoint.FilterFactories[^1], LedgerScopeFilter.Factory))
            {
                throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' must end its filters with .InLedger().");
            }
        });
        return group;
    }
}

/// <summary>The <c>{ledgerId}</c> route parameter of the ledger endpoints, as binding metadata: the handlers do not bind it
/// themselves (<see cref="LedgerScope"/> reads it), so the group declares it for the API explorer and the OpenAPI
/// document, first, as the handlers used to.</summary>
public sealed class LedgerIdParameter : Microsoft.AspNetCore.Http.Metadata.IParameterBindingMetadata
{
    private LedgerIdParameter()
    {
    }

    /// <summary>The metadata.</summary>
    public static LedgerIdParameter Instance { get; } = new();

    /// <inheritdoc />
    public string Name => LedgerScope.RouteParameter;

    /// <inheritdoc />
    public bool HasTryParse => false;

    /// <inheritdoc />
    public bool HasBindAsync => false;

    /// <inheritdoc />
    public System.Reflection.ParameterInfo ParameterInfo { get; } = typeof(LedgerIdParameter).GetMethod(nameof(Route), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetParameters()[0];

    /// <inheritdoc />
    public bool IsOptional => false;

    /// <summary>Declares the parameter's name and type.</summary>
    /// <param name="ledgerId">The ledger.</param>
    private static void Route(string ledgerId) => _ = ledgerId;
}
