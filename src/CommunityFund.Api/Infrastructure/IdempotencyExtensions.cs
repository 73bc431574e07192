namespace CommunityFund.Api;

/// <summary>Marks endpoints that create something: they require an <c>Idempotency-Key</c>.</summary>
public static class IdempotencyExtensions
{
    /// <summary>Requires the <c>Idempotency-Key</c> header and documents the 409 of a reused key.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <returns>The endpoint.</returns>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotentMarker())
            .ProducesProblem(StatusCodes.Status409Conflict);
}
