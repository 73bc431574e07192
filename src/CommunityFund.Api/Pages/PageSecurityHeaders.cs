namespace CommunityFund.Api.Pages;

/// <summary>The security headers of every HTML page and page asset (docs/adr/0024): a Content-Security-Policy that
/// allows this server's own scripts, styles and images only (no inline script or style, no third-party origin, no
/// framing), no MIME sniffing, and no referrer.</summary>
public static class PageSecurityHeaders
{
    /// <summary>The Content-Security-Policy of the pages.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Sets the headers on a response (before it starts).</summary>
    /// <param name="headers">The response headers.</param>
    public static void Apply(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
    }

    /// <summary>Sets the headers on every response of the requests <paramref name="isPage"/> selects, whatever answers
    /// them (the page, an asset, a 404, a 429).</summary>
    /// <param name="app">The pipeline.</param>
    /// <param name="isPage">Which requests are for pages.</param>
    /// <returns>The pipeline.</returns>
    public static IApplicationBuilder UsePageSecurityHeaders(this IApplicationBuilder app, Func<HttpContext, bool> isPage) =>
        app.Use((context, next) =>
        {
            if (isPage(context))
            {
                context.Response.OnStarting(() =>
                {
                    Apply(context.Response.Headers);
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
}
