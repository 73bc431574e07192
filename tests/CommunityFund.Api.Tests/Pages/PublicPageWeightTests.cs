using System.Net.Http.Headers;
using static CommunityFund.Api.Tests.Pages.PublicPageFixture;

namespace CommunityFund.Api.Tests.Pages;

/// <summary>The public page's first load, the charts included, is at most 600 KB over the wire gzip'ed (issue 19).</summary>
public sealed class PublicPageWeightTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TheFirstLoad_WithItsChartsAndStyles_IsAtMost600KilobytesGzipped()
    {
        await PublishMarchAsync(_app.Client(ApiApplication.Admin));
        var client = _app.Client(null);
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        var page = await client.GetAsync("/public/demo");
        var html = Parse(await DecompressedAsync(page));
        var assets = html.Scripts.Select(s => s.Source).Concat(html.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href"))).OfType<string>().ToList();
        long total = (await page.Content.ReadAsByteArrayAsync()).Length;
        foreach (var asset in assets)
        {
            var response = await client.GetAsync(asset);
            Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.Contains(assets, a => a.Contains("echarts", StringComparison.Ordinal));
        Assert.InRange(total, 1, 600 * 1024);
    }

    private static async Task<string> DecompressedAsync(HttpResponseMessage response)
    {
        await using var gzip = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync();
    }
}
