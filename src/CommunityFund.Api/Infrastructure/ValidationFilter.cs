using FluentValidation;

namespace CommunityFund.Api;

/// <summary>Runs the request type's validator and answers 400 with every failing field at once (FluentValidation's own
/// messages in the request's language, <see cref="ValidationLanguage"/>).</summary>
/// <typeparam name="T">The request type.</typeparam>
public sealed class ValidationFilter<T> : IEndpointFilter
    where T : class
{
    /// <summary>The filter (stateless: one instance serves every endpoint; <c>AddEndpointFilter&lt;T&gt;()</c> would
    /// compile a factory for each at start).</summary>
    public static ValidationFilter<T> Instance { get; } = new();

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<T>().FirstOrDefault();
        if (request is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.BodyRequired, "A JSON body is required.");
        }

        var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            var errors = result.Errors
                .GroupBy(e => Camel(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed,
                $"{errors.Count} field(s) are invalid: {string.Join(", ", errors.Keys)}.", errors,
                new Dictionary<string, string> { ["count"] = errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["fields"] = string.Join("、", errors.Keys) });
        }

        return await next(context);
    }

    private static string Camel(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
