namespace CommunityFund.Api;

/// <summary>Attaches validation to an endpoint.</summary>
public static class ValidationExtensions
{
    /// <summary>Validates the body of type <typeparamref name="T"/> before the handler runs.</summary>
    public static RouteHandlerBuilder Validates<T>(this RouteHandlerBuilder builder)
        where T : class =>
        builder.AddEndpointFilter(ValidationFilter<T>.Instance).ProducesValidationProblem();
}
