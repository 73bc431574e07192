using System.Collections.Concurrent;
using Microsoft.AspNetCore.StaticFiles;

namespace CommunityFund.Api.Pages;

/// <summary>The pages' static assets (<c>wwwroot/pages/</c>: style sheets, scripts, and <c>lib/echarts.min.js</c> that
/// the build copies from the npm package, docs/adr/0024), served at <c>/pages/…</c> from memory, compressed once (gzip,
/// Brotli), with a strong ETag; <see cref="Url"/> adds a version (<c>?v=</c>, the ETag's digest) that lets browsers keep
/// the file for a year.</summary>
public sealed class PageAssets
{
    /// <summary>The path the assets are served under.</summary>
    public const string RequestPath = "/pages";

    /// <summary>The trustees' dashboard's folder: its files are served from the assembly by its own route
    /// (<c>TrusteesPage</c>), which lists them, so the shared assets never answer for it.</summary>
    private const string TrusteesFolder = "trustees/";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly ConcurrentDictionary<(string Path, DateTime Written), CompressedBody> Compressed = new();
    private readonly string? _root;

    /// <summary>Finds the assets: <c>wwwroot/pages</c> under the content root, else next to the application.</summary>
    /// <param name="environment">The host environment.</param>
    public PageAssets(IWebHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _root = new[] { environment.ContentRootPath, AppContext.BaseDirectory }
            .Select(r => Path.GetFullPath(Path.Combine(r, "wwwroot", "pages")))
            .FirstOrDefault(Directory.Exists);
    }

    /// <summary>Whether the charts' library was built into the assets (npm was there at build time).</summary>
    public bool HasCharts => Find("lib/echarts.min.js") is not null;

    /// <summary>The versioned URL of an asset, e.g. <c>/pages/pages.css?v=…</c>.</summary>
    /// <param name="name">The asset's path under <c>wwwroot/pages</c>.</param>
    /// <returns>The URL.</returns>
    public string Url(string name) => $"{RequestPath}/{name}" + (Find(name) is { } body ? "?v=" + body.ETag.Trim('"') : "");

    /// <summary>An asset's body, or <c>null</c> when there is no such file.</summary>
    /// <param name="name">The asset's path under <c>wwwroot/pages</c>.</param>
    /// <returns>The body, or <c>null</c>.</returns>
    public CompressedBody? Find(string name)
    {
        if (_root is null || string.IsNullOrEmpty(name) || name.Contains("..", StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.StartsWith(TrusteesFolder, StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(_root, name));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }

        var contentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        return Compressed.GetOrAdd((path, File.GetLastWriteTimeUtc(path)), key => CompressedBody.Of(File.ReadAllBytes(key.Path), contentType));
    }

    /// <summary>Serves the assets at <see cref="RequestPath"/>: a versioned URL is cached for a year (immutable), any
    /// other for five minutes; 304 to a matching If-None-Match.</summary>
    /// <param name="app">The pipeline.</param>
    /// <returns>The pipeline.</returns>
    public static IApplicationBuilder UsePageAssets(IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && context.Request.Path.StartsWithSegments(RequestPath, out var rest)
                && context.RequestServices.GetRequiredService<PageAssets>().Find(rest.Value?.TrimStart('/') ?? "") is { } body)
            {
                var versioned = context.Request.Query["v"] == body.ETag.Trim('"');
                await body.WriteAsync(context, versioned ? "public, max-age=31536000, immutable" : "public, max-age=300");
                return;
            }

            await next(context);
        });
}
