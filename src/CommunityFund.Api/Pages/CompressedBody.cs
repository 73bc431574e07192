using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace CommunityFund.Api.Pages;

/// <summary>A response body compressed once (gzip and Brotli) and served many times: with a strong ETag (304 to an
/// If-None-Match that has it), the encoding the client accepts, and the given Cache-Control.</summary>
public sealed class CompressedBody
{
    private CompressedBody(byte[] raw, byte[] gzip, byte[] brotli, string contentType)
    {
        (Raw, Gzip, Brotli, ContentType) = (raw, gzip, brotli, contentType);
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(raw).AsSpan(0, 12)) + "\"";
    }

    /// <summary>The body as it is.</summary>
    public byte[] Raw { get; }

    /// <summary>The body, gzip'ed.</summary>
    public byte[] Gzip { get; }

    /// <summary>The body, Brotli-compressed.</summary>
    public byte[] Brotli { get; }

    /// <summary>The content type.</summary>
    public string ContentType { get; }

    /// <summary>The strong ETag (quoted): a digest of the raw body.</summary>
    public string ETag { get; }

    /// <summary>Compresses a body.</summary>
    /// <param name="raw">The bytes.</param>
    /// <param name="contentType">Their content type.</param>
    /// <returns>The body.</returns>
    public static CompressedBody Of(byte[] raw, string contentType)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return new(raw, Compress(raw, s => new GZipStream(s, CompressionLevel.SmallestSize)), Compress(raw, s => new BrotliStream(s, CompressionLevel.Optimal)), contentType);
    }

    /// <summary>Writes the body (or 304 when the client has it).</summary>
    /// <param name="context">The request.</param>
    /// <param name="cacheControl">The Cache-Control value.</param>
    /// <param name="status">The status when the body is written.</param>
    /// <returns>A task.</returns>
    public Task WriteAsync(HttpContext context, string cacheControl, int status = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (request, response) = (context.Request, context.Response);
        response.Headers.ETag = ETag;
        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (status == StatusCodes.Status200OK && request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == ETag || t.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var accepted = request.Headers.AcceptEncoding.ToString();
        var (bytes, encoding) = Accepts(accepted, "br") ? (Brotli, "br") : Accepts(accepted, "gzip") ? (Gzip, "gzip") : (Raw, null);
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = bytes.Length;
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static bool Accepts(string acceptEncoding, string coding) =>
        acceptEncoding.Split(',').Select(p => p.Split(';')).Any(p => p[0].Trim().Equals(coding, StringComparison.OrdinalIgnoreCase)
            && !p.Skip(1).Any(q => q.Trim().Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"));

    private static byte[] Compress(byte[] raw, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(raw);
        }

        return output.ToArray();
    }
}
