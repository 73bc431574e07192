namespace CommunityFund.Api;

/// <summary>
/// Headers on every response: <c>X-Content-Type-Options: nosniff</c> (a browser never reads a CSV or JSON answer as
/// HTML or script), and <c>Cache-Control: no-store</c> on the ledgers' data and the metrics (no proxy or browser cache
/// keeps a provider's books or a resident's reference). Set when the response starts, so errors carry them too.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Adds the headers to every response.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (context.Request.Path.StartsWithSegments("/ledgers", StringComparison.OrdinalIgnoreCase)
                    || context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
}
