namespace CommunityFund.Api.Apis;

/// <summary>Attaches the ledger scope to endpoints and checks that every endpoint of the ledger group has it.</summary>
public static class LedgerScopeExtensions
{
    /// <summary>Runs the endpoint in the ledger's scope; call it after every other filter (validation, idempotency).</summary>
    public static RouteHandlerBuilder InLedger(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilterFactory(LedgerScopeFilter.Factory).WithMetadata(LedgerScopeMarker.Instance);
    }

    /// <summary>As <see cref="InLedger"/>, for an endpoint that only runs a command of the ledger, which reads the ledger's
    /// state itself: the scope does not read it again (<see cref="LedgerScope.State"/> is not available to its handler),
    /// and reads a ledger only to answer the 404 the first time this process sees it (<see cref="KnownLedgers"/>).</summary>
    public static RouteHandlerBuilder InLedgerCommand(this RouteHandlerBuilder builder) =>
        InLedger(builder).WithMetadata(LedgerCommandMarker.Instance);

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
