using System.Net;
using System.Text.RegularExpressions;

namespace CommunityFund.Api.Tests.Pages;

/// <summary>The trustees' dashboard's shell and assets as the server sends them (the browser tests in
/// tests/CommunityFund.Browser.Tests drive the page itself).</summary>
public sealed partial class TrusteesPageTests(ApiApplicationFixture fixture) : IClassFixture<ApiApplicationFixture>
{
    private HttpClient Anonymous => fixture.App.Client(null);

    [Fact]
    public async Task Shell_IsServedWithoutAKey_WithAContentSecurityPolicyAllowingOnlyItsOwnOrigin()
    {
        using var response = await Anonymous.GetAsync("/trustees/demo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Shell_HoldsNoInlineScriptStyleOrHandler()
    {
        var html = await Anonymous.GetStringAsync("/trustees/demo");

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineHandlerOrStyle(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Shell_HoldsNoDataOfTheLedger()
    {
        var html = await Anonymous.GetStringAsync("/trustees/demo");

        Assert.DoesNotContain("elder-care", html, StringComparison.Ordinal);
        Assert.DoesNotContain("CNY", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_NeverParsesTextAsHtml()
    {
        var script = await Anonymous.GetStringAsync("/pages/trustees/trustees.js");

        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("trustees.js", "text/javascript")]
    [InlineData("trustees.css", "text/css")]
    public async Task Asset_IsServedWithItsTypeAndNosniff(string file, string type)
    {
        using var response = await Anonymous.GetAsync("/pages/trustees/" + file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("other.js")]
    [InlineData("..%2Fappsettings.json")]
    public async Task AnythingElseUnderTheAssetPath_IsNotFound(string file)
    {
        using var response = await Anonymous.GetAsync("/pages/trustees/" + file);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Page_IsNotInTheOpenApiDocument()
    {
        var document = await Anonymous.GetStringAsync("/swagger/v1/swagger.json");

        Assert.DoesNotContain("/trustees/", document, StringComparison.Ordinal);
        Assert.DoesNotContain("/pages/trustees/", document, StringComparison.Ordinal);
    }

    /// <summary>A script element without a src attribute.</summary>
    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    /// <summary>An on… event handler or a style attribute.</summary>
    [GeneratedRegex(@"\s(on[a-z]+|style)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();
}
