using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CommunityFund.Api.Tests.Pages;

/// <summary>Steps the public page tests share: closing and publishing months of the demo books, reading the page.</summary>
internal static class PublicPageFixture
{
    internal static async Task CloseThroughAsync(HttpClient admin, params string[] months)
    {
        foreach (var month in months)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/ledgers/demo/periods/{month}/close", "{}")).StatusCode);
        }
    }

    internal static async Task<System.Text.Json.JsonElement> PublishAsync(HttpClient admin, string month)
    {
        var response = await admin.PostJsonAsync($"/ledgers/demo/publications/{month}", "{}");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>Closes January to March and publishes March.</summary>
    internal static async Task<System.Text.Json.JsonElement> PublishMarchAsync(HttpClient admin)
    {
        await CloseThroughAsync(admin, "2026-01", "2026-02", "2026-03");
        return await PublishAsync(admin, "2026-03");
    }

    internal static async Task<(HttpResponseMessage Response, string Html)> GetPageAsync(HttpClient anonymous, string path = "/public/demo")
    {
        var response = await anonymous.GetAsync(path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    internal static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The plain values (<c>&lt;data value&gt;</c>) of a table's amount column, by its <c>data-table</c>.</summary>
    internal static List<string> Amounts(IHtmlDocument page, string section, string table) =>
        [.. page.QuerySelectorAll($"{section} table[data-table='{table}'] tbody tr td:last-child data").Select(d => d.GetAttribute("value")!)];

    internal static List<string> JsonAmounts(System.Text.Json.JsonElement figures, string property) =>
        [.. figures.GetProperty(property).EnumerateArray().Select(e => e.GetProperty("amount").GetProperty("amount").GetString()!)];
}
