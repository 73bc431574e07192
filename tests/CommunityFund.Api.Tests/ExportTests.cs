using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>The plain-text exports over HTTP, for trustees.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly ApiApplication _app = new();

    [Theory]
    [InlineData("hledger", "elder-care:4301.01 提供服务收入-非限定性 Service revenue (unrestricted)")]
    [InlineData("beancount", "open Income:Elder-care:C4301-01")]
    public async Task Export_StreamsTheLedgerAsText(string format, string expected)
    {
        var response = await _app.Client(ApiApplication.Trustee).GetAsync($"/ledgers/demo/exports/{format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();
}
