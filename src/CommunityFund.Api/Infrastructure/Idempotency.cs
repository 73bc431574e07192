using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using CommunityFund.Utility;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CommunityFund.Api;

/// <summary>
/// <c>Idempotency-Key</c> on every POST that creates something: required; a replay (same key, same method, path and
/// body) returns the original status and body; the same key with another request is 409. Keys are scoped to the
/// ledger, kept as documents of the ledger, and serialised per key in this process.
/// </summary>
public sealed class IdempotencyFilter : IEndpointFilter
{
    /// <summary>The header.</summary>
    public const string Header = "Idempotency-Key";

    private const string Kind = "http-idempotency";
    private static readonly KeyedLocks<string> Locks = new();

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? key = http.Request.Headers[Header];
        if (string.IsNullOrEmpty(key) || key.Length > 200 || key.Any(c => c is < '!' or > '~'))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.IdempotencyKeyRequired,
                "This request creates something: send an Idempotency-Key header of 1–200 printable ASCII characters (e.g. a UUID).");
        }

        if (http.GetRouteValue("ledgerId") is not string ledgerText || !LedgerId.TryFrom(ledgerText, out var ledger))
        {
            return await next(context);
        }

        var store = http.RequestServices.GetRequiredService<ILedgerStore>();
        var fingerprint = await FingerprintAsync(http);
        using var _ = await Locks.AcquireAsync($"{ledger}\n{key}", http.RequestAborted);
        if (await store.GetDocumentAsync(ledger, Kind, key, http.RequestAborted) is { } stored)
        {
            var original = JsonSerializer.Deserialize<StoredResponse>(stored.Json)!;
            if (original.Fingerprint != fingerprint)
            {
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "idempotency.conflict",
                    $"Idempotency key '{key}' was already used for a different request; use a new key for a new request.");
            }

            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(original.Body, "application/json", Encoding.UTF8, original.Status);
        }

        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            // A secret shown once (a new API key) is never stored for replay: the replay answers without it.
            var kept = inner is IValueHttpResult { Value: { } value } ? value is IRedactedOnReplay secret ? secret.RedactedForReplay() : value : null;
            var body = kept is null ? "{}" : JsonSerializer.Serialize(kept, kept.GetType(), options);
            var response = new StoredResponse(fingerprint, success.StatusCode ?? 200, body);
            await store.PutDocumentsAsync(ledger, [new LedgerDocument(Kind, key, null, 0, JsonSerializer.Serialize(response))], http.RequestAborted);
        }

        return result;
    }

    private static async Task<string> FingerprintAsync(HttpContext http)
    {
        http.Request.Body.Position = 0;
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        http.Request.Body.Position = 0;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{http.Request.Method}\n{http.Request.Path}\n{body}")));
    }

    private sealed record StoredResponse(string Fingerprint, int Status, string Body);
}

/// <summary>A response holding a secret that is shown once: what a replay of the request answers instead.</summary>
public interface IRedactedOnReplay
{
    /// <summary>The response without its secret.</summary>
    /// <returns>The redacted response.</returns>
    object RedactedForReplay();
}

/// <summary>Attaches idempotency to an endpoint.</summary>
public static class IdempotencyExtensions
{
    /// <summary>Requires an Idempotency-Key and replays the original response.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotentMarker())
            .ProducesProblem(StatusCodes.Status409Conflict);
}

/// <summary>Marks idempotent endpoints (for OpenAPI and the route tests).</summary>
public sealed class IdempotentMarker;
