using System.Reflection;

namespace CommunityFund.Api.Pages.Trustees;

/// <summary>
/// The trustees' dashboard (issue 19, part 3): <c>GET /trustees/{ledgerId}</c> serves a static shell (no data, no key
/// needed); its script asks for a trustee's or hub administrator's key, keeps it in the tab's sessionStorage and reads
/// the JSON API with it in the <c>X-Api-Key</c> header. The files are in <c>wwwroot/pages/trustees/</c>, embedded in
/// the assembly so the page is served the same wherever the API runs from.
/// </summary>
public static class TrusteesPage
{
    /// <summary>The route of the page.</summary>
    public const string Route = "/trustees/{ledgerId}";

    /// <summary>The route of its script and style sheet.</summary>
    public const string AssetRoute = "/pages/trustees/{file}";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["trustees.js"] = "text/javascript; charset=utf-8",
        ["trustees.css"] = "text/css; charset=utf-8",
    };

    private static readonly Dictionary<string, byte[]> Files = ContentTypes.Keys.ToDictionary(name => name, Read, StringComparer.Ordinal);

    /// <summary>Maps the page and its assets: anonymous (they hold no data), out of the OpenAPI document.</summary>
    public static WebApplication MapTrusteesPage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Route, (string ledgerId, HttpContext http) => Serve(http, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(AssetRoute, (string file, HttpContext http) => file == "index.html" ? Results.NotFound() : Serve(http, file)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Sets the headers the page's files are served with: the pages' security headers
    /// (<see cref="PageSecurityHeaders"/>), and no caching without revalidation.</summary>
    /// <param name="response">The response.</param>
    public static void SetSecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        PageSecurityHeaders.Apply(response.Headers);
        response.Headers.CacheControl = "no-cache";
    }

    private static IResult Serve(HttpContext http, string file)
    {
        if (!Files.TryGetValue(file, out var content))
        {
            return Results.NotFound();
        }

        SetSecurityHeaders(http.Response);
        return Results.Bytes(content, ContentTypes[file]);
    }

    private static byte[] Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CommunityFund.Api.pages.trustees." + file)
            ?? throw new InvalidOperationException($"The trustees' page file {file} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
