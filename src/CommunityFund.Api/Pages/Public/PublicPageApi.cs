using CommunityFund.Api.Apis;
using CommunityFund.Ledger;
using CommunityFund.Publishing;

namespace CommunityFund.Api.Pages.Public;

/// <summary>The public page (公示) of a ledger, <c>GET /public/{ledgerId}</c>, and each published month's file,
/// <c>GET /public/{ledgerId}/publications/{yyyy-MM}</c>: no key, rate-limited per client address, cached (ETag),
/// built from the publications only. Not in the OpenAPI document (docs/publications.md).</summary>
public static class PublicPageApi
{
    /// <summary>The path the public pages are under.</summary>
    public const string Path = "/public";

    /// <summary>How long browsers and proxies may keep the page before asking again (with its ETag).</summary>
    public const string PageCacheControl = "public, max-age=60";

    /// <summary>Maps the public pages.</summary>
    /// <param name="app">The routes.</param>
    /// <returns>The routes.</returns>
    public static IEndpointRouteBuilder MapPublicPages(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).AllowAnonymous().RequireRateLimiting(PagesSetup.RateLimitPolicy).ExcludeFromDescription();
        group.MapGet("/{ledgerId}", PageAsync);
        group.MapGet("/{ledgerId}/publications/{period}", PublicationAsync);
        return app;
    }

    private static async Task PageAsync(HttpContext context, string ledgerId, PublicPageCache pages)
    {
        var lang = context.Request.Query["lang"].ToString();
        if (LedgerId.TryFrom(ledgerId, out var id) && await pages.GetAsync(id, lang, context.RequestAborted) is { } page)
        {
            await page.WriteAsync(context, PageCacheControl);
            return;
        }

        // A friendly page, not a problem: people open this address in a browser.
        await pages.NotFound(lang).WriteAsync(context, "no-cache", StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> PublicationAsync(HttpContext context, string ledgerId, string period, PublicPageCache pages)
    {
        if (QueryValues.Month(period) is not { } month)
        {
            return QueryValues.BadMonth();
        }

        var model = LedgerId.TryFrom(ledgerId, out var id) ? await pages.ModelAsync(id, context.RequestAborted) : null;
        if (model?.Publications.FirstOrDefault(p => p.Period == month) is not { } publication)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, Community.CommunityErrorCodes.PublicationNotFound, $"{period} has not been published.");
        }

        context.Response.Headers.CacheControl = PageCacheControl;
        return TypedResults.Ok(PublicationDto.FromCore(publication, [.. model.Corrections.Where(c => c.Period == month).Select(c => c.Note)]));
    }
}
