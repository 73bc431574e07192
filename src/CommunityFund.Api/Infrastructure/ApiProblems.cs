using CommunityFund.Posting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api;

/// <summary>RFC 9457 problem details with a stable <c>code</c>, the failing fields and a readable message — in the
/// request's language (<see cref="ProblemLanguage"/>): in Chinese the <c>title</c> and <c>detail</c> come from the
/// <see cref="ProblemCatalogue"/> and the English detail stays in <c>detailEn</c>; the <c>code</c> never changes.</summary>
public static class ApiProblems
{
    /// <summary>A problem result.</summary>
    public static ProblemHttpResult Problem(int status, string code, string detail, IDictionary<string, string[]>? errors = null) =>
        Problem(status, code, detail, errors, values: null);

    /// <summary>A problem result whose Chinese detail fills its placeholders from <paramref name="values"/>.</summary>
    internal static ProblemHttpResult Problem(int status, string code, string detail, IDictionary<string, string[]>? errors, IReadOnlyDictionary<string, string>? values)
    {
        var chinese = ProblemLanguage.IsChinese ? ProblemCatalogue.Detail(code, values) : null;
        return Create(status, code, detail, chinese, errors);
    }

    /// <summary>404 that says nothing about whether the object exists elsewhere.</summary>
    public static ProblemHttpResult NotFound(string code, string detail) => Problem(StatusCodes.Status404NotFound, code, detail);

    /// <summary>The problem for errors the books reported: 404 for missing objects, 409 for idempotency conflicts,
    /// 422 for broken rules; every error listed by field.</summary>
    public static ProblemHttpResult FromErrors(IReadOnlyList<PostingError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A refusal carries at least one error, each with its code.", nameof(errors));
        }

        var first = errors[0];
        var status = ErrorCodeCatalogue.BooksStatus(first.Code);
        var chinese = ProblemLanguage.IsChinese;
        // In Chinese, the detail names each error's field; the list by field does not repeat it.
        string Message(PostingError e, string? field) => chinese ? ProblemCatalogue.Detail(e.Code, null, e.Figures, field) ?? e.Message : e.Message;
        var byField = errors.GroupBy(e => e.Field ?? string.Empty).ToDictionary(g => g.Key, g => g.Select(e => $"{e.Code}: {Message(e, null)}").ToArray());
        var problem = Create(status, first.Code, string.Join(" ", errors.Select(e => e.Message)),
            chinese ? string.Concat(errors.Select(e => Message(e, e.Field)).Distinct(StringComparer.Ordinal)) : null, byField);
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

    /// <summary>The problem in English, or in Chinese when <paramref name="chineseDetail"/> is given (the English detail
    /// kept in <c>detailEn</c>).</summary>
    private static ProblemHttpResult Create(int status, string code, string detail, string? chineseDetail, IDictionary<string, string[]>? errors)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (errors is not null)
        {
            extensions["errors"] = errors;
        }

        if (chineseDetail is null)
        {
            return TypedResults.Problem(detail, statusCode: status, title: Title(status), extensions: extensions);
        }

        extensions["detailEn"] = detail;
        return TypedResults.Problem(chineseDetail, statusCode: status, title: ProblemCatalogue.Title(code, status), extensions: extensions);
    }

    /// <summary>The English title of a status.</summary>
    internal static string Title(int status) => status switch
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
        500 => "Server error",
        503 => "Service unavailable",
        _ => "Error",
    };
}
