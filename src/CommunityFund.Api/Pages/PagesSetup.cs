using System.Threading.RateLimiting;

namespace CommunityFund.Api.Pages;

/// <summary>What the server-rendered pages need (docs/adr/0024): their assets, security headers, the per-address rate
/// limit and the public page's cache. <c>Pages:RequestsPerMinutePerAddress</c> (default 120) sets the limit.</summary>
public static class PagesSetup
{
    /// <summary>The rate-limiter policy of the pages: a fixed window per client address.</summary>
    public const string RateLimitPolicy = "pages";

    /// <summary>Registers the pages' services.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddPages(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Pages:RequestsPerMinutePerAddress", 120);
        services.AddSingleton<PageAssets>();
        services.AddSingleton<Public.PublicPageCache>();
        services.AddRateLimiter(limiter => limiter.AddPolicy(RateLimitPolicy, http =>
            RateLimitPartition.GetFixedWindowLimiter("page-ip:" + http.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }

    /// <summary>Whether a request is for a page or a page asset.</summary>
    /// <param name="context">The request.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsPage(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments(PageAssets.RequestPath) || context.Request.Path.StartsWithSegments(Public.PublicPageApi.Path);
    }

    /// <summary>The pages' middleware: their security headers, then their assets (before authentication: they are public).</summary>
    /// <param name="app">The pipeline.</param>
    /// <returns>The pipeline.</returns>
    public static IApplicationBuilder UsePages(this IApplicationBuilder app)
    {
        app.UsePageSecurityHeaders(IsPage);
        return PageAssets.UsePageAssets(app);
    }
}
