using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Apis;

/// <summary>
/// One page of a list that grows with the books (statements, the distribution report): at most <c>limit</c> items
/// (1–<see cref="MaxItems"/>; <see cref="MaxItems"/> when absent, so no answer grows without bound) after the item named
/// by <c>after</c>, in the list's order; a <c>Link: &lt;…&gt;; rel="next"</c> header names the next page while there is one.
/// </summary>
internal static class ListPage
{
    /// <summary>The most items one page answers, and the page size when <c>limit</c> is absent.</summary>
    internal const int MaxItems = 1_000;

    /// <summary>The 400 for a limit out of range, or <c>null</c>.</summary>
    internal static ProblemHttpResult? BadLimit(int? limit) =>
        limit is < 1 or > MaxItems
            ? ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, $"'limit' is 1 to {MaxItems}.",
                new Dictionary<string, string[]> { ["limit"] = [$"'limit' is 1 to {MaxItems}."] })
            : null;

    /// <summary>The page, with the <c>Link</c> to the next one when there are more items.</summary>
    /// <typeparam name="T">The items.</typeparam>
    /// <param name="items">Every item, in the list's order.</param>
    /// <param name="limit">The page size, or <c>null</c> for <see cref="MaxItems"/>.</param>
    /// <param name="after">The cursor: the key of the last item of the previous page, or <c>null</c> for the first page.</param>
    /// <param name="key">An item's cursor key.</param>
    /// <param name="http">The request (its path and query make the next page's link).</param>
    /// <returns>The page's items.</returns>
    internal static List<T> Of<T>(IEnumerable<T> items, int? limit, string? after, Func<T, string> key, HttpContext http)
    {
        var take = limit ?? MaxItems;
        var rest = after is null ? items : items.SkipWhile(i => !string.Equals(key(i), after, StringComparison.Ordinal)).Skip(1);
        var page = rest.Take(take + 1).ToList();
        if (page.Count > take)
        {
            var query = http.Request.Query
                .Where(q => q.Key is not ("limit" or "after"))
                .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? string.Empty)}"))
                .Append($"limit={take}").Append($"after={Uri.EscapeDataString(key(page[take - 1]))}");
            http.Response.Headers.Append("Link", $"<{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}>; rel=\"next\"");
            page.RemoveAt(take);
        }

        return page;
    }
}
