using CommunityFund.Api.Apis;

namespace CommunityFund.Api;

/// <summary>
/// Requires an <c>Idempotency-Key</c> header (1–200 printable ASCII characters) on every request that creates
/// something. The key goes into the command (<see cref="LedgerScope.IdempotencyKey"/>), and the command pipeline is
/// the one place that decides it: a replay with the same content answers the first run's result (re-rendered from
/// the command's record, with <c>Idempotent-Replayed: true</c>), other content under the same key is 409
/// <c>idempotency.conflict</c>. The HTTP layer keeps no reply store and no lock per key.
/// </summary>
public sealed class IdempotencyFilter : IEndpointFilter
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>The response header that marks a replayed answer.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        string? key = context.HttpContext.Request.Headers[Header];
        if (string.IsNullOrEmpty(key) || key.Length > 200 || key.Any(c => c is < '!' or > '~'))
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.IdempotencyKeyRequired,
                "This request creates something: send an Idempotency-Key header of 1–200 printable ASCII characters (e.g. a UUID).");
        }

        return await next(context);
    }
}
