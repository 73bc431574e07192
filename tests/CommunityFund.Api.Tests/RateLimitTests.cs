using System.Net;

namespace CommunityFund.Api.Tests;

/// <summary>Per-key rate limiting answers 429 with Retry-After.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly ApiApplication _app = new(new Dictionary<string, string?> { ["Api:RequestsPerMinutePerKey"] = "5" });

    [Fact]
    public async Task BeyondTheLimit_Is429WithRetryAfter()
    {
        var client = _app.Client(ApiApplication.Trustee);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var response = await client.GetAsync("/ledgers/demo/entities");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null);
                Assert.Equal("rate_limit.exceeded", await response.CodeAsync());
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.OK, (await _app.Client(ApiApplication.Admin).GetAsync("/ledgers/demo/entities")).StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
