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

    [Fact]
    public async Task GuessingKeys_IsThrottledAfterAFewFailures_WhileAValidKeyFromAnotherClientIsServed()
    {
        using var app = new ApiApplication(new Dictionary<string, string?> { ["Api:FailedAuthenticationsPerMinutePerClient"] = "10" });
        var guesser = app.Client(null);
        guesser.DefaultRequestHeaders.Add(ApiApplication.ClientAddressHeader, "203.0.113.7");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5_000; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ledgers/demo/entities");
            request.Headers.Add("X-Api-Key", $"cf_demo_{Guid.NewGuid():N}"[..24] + $"_{Guid.NewGuid():N}");
            statuses.Add((await guesser.SendAsync(request)).StatusCode);
        }

        var honest = app.Client(ApiApplication.Trustee);
        honest.DefaultRequestHeaders.Add(ApiApplication.ClientAddressHeader, "198.51.100.20");

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(4_990, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.OK, (await honest.GetAsync("/ledgers/demo/entities")).StatusCode);
        Assert.Contains(app.LogLines, l => l.Contains("Repeated failed authentications from 203.0.113.7", StringComparison.Ordinal));
        Assert.DoesNotContain(app.LogLines, l => l.Contains("cf_demo_", StringComparison.Ordinal) && l.Contains("Repeated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AThrottledGuess_Is429WithRetryAfter_AndItsOwnCode()
    {
        using var app = new ApiApplication(new Dictionary<string, string?> { ["Api:FailedAuthenticationsPerMinutePerClient"] = "1" });
        var guesser = app.Client("cf_demo_nobody_wrong");

        await guesser.GetAsync("/ledgers/demo/entities");
        var throttled = await guesser.GetAsync("/ledgers/demo/entities");

        Assert.Equal((HttpStatusCode.TooManyRequests, "auth.too_many_failures"), (throttled.StatusCode, await throttled.CodeAsync()));
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [Fact]
    public async Task WrongKeys_GetNoRateLimitBucketOfTheirOwn_TheLimitIsPerAuthenticatedKey()
    {
        var client = _app.Client(ApiApplication.Trustee);
        for (var i = 0; i < 5; i++)
        {
            await client.GetAsync("/ledgers/demo/entities");
        }

        // Another spelling of the same key's header (Bearer) is the same key: still limited.
        var bearer = _app.Client(null);
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiApplication.Trustee);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await bearer.GetAsync("/ledgers/demo/entities")).StatusCode);
    }

    public void Dispose() => _app.Dispose();
}
