using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>The sales list in pages: 'limit' and 'after', and the Link header to the next page.</summary>
public sealed class SalesPagingTests : IDisposable
{
    private readonly ApiApplication _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task FollowingTheNextLinks_GivesEverySaleOnce_InRecordingOrder()
    {
        var admin = _app.Client(ApiApplication.Admin);
        var all = (await (await admin.GetAsync("/ledgers/demo/sales")).JsonAsync()).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();

        var paged = new List<string?>();
        for (var next = "/ledgers/demo/sales?limit=2"; next is not null;)
        {
            var response = await admin.GetAsync(next);
            var page = (await response.JsonAsync()).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
            Assert.InRange(page.Count, 1, 2);
            paged.AddRange(page);
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('>')[0].TrimStart('<') : null;
        }

        Assert.True(all.Count > 2);
        Assert.Equal(all, paged);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_001)]
    public async Task ALimitOutOfRange_Is400NamingIt(int limit)
    {
        var response = await _app.Client(ApiApplication.Admin).GetAsync($"/ledgers/demo/sales?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("limit", out _));
    }
}
