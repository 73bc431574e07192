using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityFund.Api.Tests;

/// <summary>The checked-in authorisation matrix (route × role) drives these tests; a route it does not list fails them.</summary>
public sealed class AuthorizationMatrixTests : IClassFixture<ApiApplicationFixture>
{
    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["anonymous"] = null,
        ["admin"] = ApiApplication.Admin,
        ["trustee"] = ApiApplication.Trustee,
        ["provider"] = ApiApplication.ElderCare,
    };

    /// <summary>The operator's key is created for each application (<see cref="ApiApplication.OperatorKeyAsync"/>); a
    /// route lists the operator only where it says what the operator may do there.</summary>
    private const string Operator = "operator";

    private readonly ApiApplication _app;

    public AuthorizationMatrixTests(ApiApplicationFixture fixture) => _app = fixture.App;

    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var route in Matrix())
        {
            foreach (var (role, expected) in route.Expected)
            {
                data.Add(route.Method, route.Path, role, expected);
            }
        }

        return data;
    }

    [Fact]
    public void EveryRoute_IsInTheMatrix()
    {
        var listed = Matrix().Select(r => $"{r.Method} {r.Path}").ToHashSet();
        var routes = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/swagger", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.Empty(routes.Except(listed));
        Assert.Empty(listed.Except(routes));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Route_AnswersEachRoleAsTheMatrixSays(string method, string path, string role, string expected)
    {
        var url = TestPaths.Fill(path);
        var client = _app.Client(role == Operator ? await _app.OperatorKeyAsync() : Keys[role]);
        var response = await SendAsync(client, method, url);

        var denied = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
        Assert.True(expected == "deny" ? denied : !denied, $"{method} {path} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.True((int)response.StatusCode < 500, $"{method} {path} as {role} answered {(int)response.StatusCode}");
    }

    public static TheoryData<string, string> LedgerRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Matrix().Where(r => r.Path.StartsWith("/ledgers/", StringComparison.Ordinal)))
        {
            data.Add(route.Method, route.Path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LedgerRoutes))]
    public async Task AnotherLedgersRoute_IsNotFoundForEveryRole(string method, string path)
    {
        var url = TestPaths.Fill(path).Replace("/ledgers/demo", "/ledgers/yulin-east", StringComparison.Ordinal);
        foreach (var role in Keys.Keys.Where(k => k != "anonymous"))
        {
            var client = _app.Client(Keys[role]);
            var response = await SendAsync(client, method, url);

            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
                $"{method} {url} as {role}: {(int)response.StatusCode}");
            Assert.DoesNotContain("elder-care", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url) =>
        method == "GET"
            ? client.GetAsync(url)
            : client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });

    private static List<(string Method, string Path, Dictionary<string, string> Expected)> Matrix()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "authorization-matrix.json")));
        return [.. document.RootElement.GetProperty("routes").EnumerateArray().Select(r => (
            r.GetProperty("method").GetString()!,
            r.GetProperty("path").GetString()!,
            Keys.Keys.Append(Operator).Where(k => k != Operator || r.TryGetProperty(k, out _)).ToDictionary(k => k, k => r.GetProperty(k).GetString()!)))];
    }
}
