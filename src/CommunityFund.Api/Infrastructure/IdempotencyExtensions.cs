namespace CommunityFund.Api;

/// <summary>Marks endpoints that create something: they require an <c>Idempotency-Key</c>.</summary>
public static class IdempotencyExtensions
{
    private static readonly IdempotencyFilter Filter = new();

    /// <summary>Requires the <c>Idempotency-Key</c> header and documents the 409 of a reused key.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <returns>The endpoint.</returns>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        // The stateless filter as one instance: AddEndpointFilter<T>() compiles a factory for every endpoint at start.
        builder.AddEndpointFilter(Filter)
            .WithMetadata(new IdempotentMarker())
            .ProducesProblem(StatusCodes.Status409Conflict);
}
