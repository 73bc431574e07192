using CommunityFund.Posting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api;

/// <summary>RFC 9457 problem details with a stable <c>code</c>, the failing fields and a readable message.</summary>
public static class ApiProblems
{
    /// <summary>A problem result.</summary>
    public static ProblemHttpResult Problem(int status, string code, string detail, IDictionary<string, string[]>? errors = null)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        return TypedResults.Problem(detail, statusCode: status, title: Title(status), extensions: extensions);
    }

    /// <summary>404 that says nothing about whether the object exists elsewhere.</summary>
    public static ProblemHttpResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, code, detail);

    /// <summary>The problem for errors the books reported: 404 for missing objects, 409 for idempotency conflicts,
    /// 422 for broken rules; every error listed by field.</summary>
    public static ProblemHttpResult FromErrors(IReadOnlyList<PostingError> errors)
    {
        var first = errors.Count > 0 ? errors[0] : new PostingError(ApiErrorCodes.Rejected, "The request was refused.");
        var status = first.Code.EndsWith(".not_found", StringComparison.Ordinal) ? StatusCodes.Status404NotFound
            : first.Code is ErrorCodes.IdempotencyConflict or ErrorCodes.LedgerBusy || first.Code.EndsWith(".exists", StringComparison.Ordinal) ? StatusCodes.Status409Conflict
            : StatusCodes.Status422UnprocessableEntity;
        var byField = errors.GroupBy(e => e.Field ?? string.Empty).ToDictionary(g => g.Key, g => g.Select(e => $"{e.Code}: {e.Message}").ToArray());
        var problem = Problem(status, first.Code, string.Join(" ", errors.Select(e => e.Message)), byField);
        if (first.Figures is { Count: > 0 } figures)
        {
            problem.ProblemDetails.Extensions["figures"] = figures;
        }

        return problem;
    }

    /// <summary>Writes a problem straight to the response (for middleware and authentication).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        await Problem(status, code, detail).ExecuteAsync(context);
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthenticated",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        422 => "Unprocessable request",
        429 => "Too many requests",
        _ => "Error",
    };
}
