using System.Net;

namespace CommunityFund.Api.Tests.Reliability;

/// <summary><c>Api:TrustedProxies</c>: behind a configured proxy the per-address limits count the clients it forwards
/// (X-Forwarded-For); without it, a client's own X-Forwarded-For changes nothing. The API as its own process on Kestrel,
/// the public pages limited to two requests a minute per address.</summary>
public sealed class TrustedProxiesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-proxies-").FullName;
    private ApiProcess? _api;

    [Fact]
    public async Task BehindATrustedProxy_EachForwardedClientHasItsOwnLimit()
    {
        var api = await StartAsync(new Dictionary<string, string> { ["Api__TrustedProxies__0"] = "127.0.0.1" });

        await PageAsync(api, "203.0.113.1");
        await PageAsync(api, "203.0.113.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, await PageAsync(api, "203.0.113.1"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await PageAsync(api, "203.0.113.2"));
    }

    [Fact]
    public async Task WithoutTrustedProxies_AClientsOwnForwardedForIsIgnored()
    {
        var api = await StartAsync(new Dictionary<string, string>());

        await PageAsync(api, "203.0.113.1");
        await PageAsync(api, "203.0.113.2");

        Assert.Equal(HttpStatusCode.TooManyRequests, await PageAsync(api, "203.0.113.3"));
    }

    public void Dispose()
    {
        _api?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<ApiProcess> StartAsync(Dictionary<string, string> settings)
    {
        settings["Pages__RequestsPerMinutePerAddress"] = "2";
        _api = new ApiProcess(Path.Combine(_folder, "books.db"), Path.Combine(_folder, "checkpoint-key.pem"), settings);
        await _api.StartAsync();
        return _api;
    }

    private static async Task<HttpStatusCode> PageAsync(ApiProcess api, string client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/public/demo");
        request.Headers.Add("X-Forwarded-For", client);
        using var response = await api.Http.SendAsync(request);
        return response.StatusCode;
    }
}
