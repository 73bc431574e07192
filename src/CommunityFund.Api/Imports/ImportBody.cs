using Microsoft.AspNetCore.Http.Features;

namespace CommunityFund.Api.Imports;

/// <summary>
/// The body limit of the file imports. Every other request body is capped at <see cref="Composition.MaxRequestBytes"/>
/// (1 MiB) and buffered so it can be read twice; an endpoint marked with <see cref="StreamsLargeBody"/> accepts up to
/// <c>Api:MaxImportBytes</c> (<see cref="DefaultMaxBytes"/> by default) and reads its body as a stream, never buffered
/// whole: the request middleware raises Kestrel's limit for that request only and does not enable buffering.
/// </summary>
public static class ImportBody
{
    /// <summary>The configuration key of the import limit, in bytes.</summary>
    public const string SettingKey = "Api:MaxImportBytes";

    /// <summary>The import limit when none is configured: 256 MiB.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Marks an endpoint whose body is a large file read as a stream.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <returns>The endpoint.</returns>
    public static RouteHandlerBuilder StreamsLargeBody(this RouteHandlerBuilder builder) => builder.WithMetadata(Marker.Instance);

    /// <summary>Whether an endpoint's metadata marks it as streaming a large body.</summary>
    /// <param name="metadata">The endpoint's metadata.</param>
    /// <returns><c>true</c> for a file import.</returns>
    internal static bool Streams(IEnumerable<object> metadata) => metadata.OfType<Marker>().Any();

    /// <summary>The body limit of the request's endpoint (after routing): the import limit for an import, otherwise
    /// <see cref="Composition.MaxRequestBytes"/>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="importLimit">The configured import limit.</param>
    /// <returns>The limit and whether the endpoint streams its body.</returns>
    internal static (long Limit, bool Streams) LimitFor(HttpContext context, long importLimit) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Marker>() is not null ? (importLimit, true) : (Composition.MaxRequestBytes, false);

    /// <summary>Raises the server's body limit for this request (Kestrel enforces it while the body streams).</summary>
    /// <param name="context">The request.</param>
    /// <param name="limit">The limit.</param>
    internal static void Allow(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    /// <summary>The endpoint metadata.</summary>
    private sealed class Marker
    {
        internal static readonly Marker Instance = new();
    }
}
