using System.Net;
using System.Text.Json;
using Snapshooter.Xunit;

namespace CommunityFund.Api.Tests;

/// <summary>The OpenAPI document is part of the contract: every change shows up as a snapshot difference.</summary>
public sealed class OpenApiTests : IClassFixture<ApiApplicationFixture>
{
    private readonly ApiApplication _app;

    public OpenApiTests(ApiApplicationFixture fixture) => _app = fixture.App;

    [Fact]
    public async Task OpenApiDocument_IsServedWithoutAKey_AndMatchesTheSnapshot()
    {
        var response = await _app.Client(null).GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Snapshot.Match(JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true }).Split('\n'));
    }

    [Fact]
    public async Task EveryOperation_HasASummaryAndDeclaresTheApiKeyScheme()
    {
        var document = JsonDocument.Parse(await _app.Client(null).GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 5, $"{operation.Name} {path.Name} has no summary");
            }
        }
    }
}
