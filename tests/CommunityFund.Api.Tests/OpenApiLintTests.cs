using System.Diagnostics;
using System.Text.Json;

namespace CommunityFund.Api.Tests;

/// <summary>The OpenAPI document is a contract worth generating clients from: shared, short-named schemas for the value
/// types, servers and contact from configuration, and a clean lint by Spectral (its OpenAPI rules and ours).</summary>
public sealed class OpenApiLintTests : IClassFixture<ApiApplicationFixture>
{
    private readonly ApiApplication _app;

    public OpenApiLintTests(ApiApplicationFixture fixture) => _app = fixture.App;

    private async Task<JsonElement> DocumentAsync(ApiApplication? app = null) =>
        JsonDocument.Parse(await (app ?? _app).Client(null).GetStringAsync("/swagger/v1/swagger.json")).RootElement.Clone();

    [Fact]
    [Trait("Category", "Tools")]
    public async Task TheContract_PassesSpectralsOpenApiRulesAndOurs_WithoutAWarning()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cf-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, (await DocumentAsync()).GetRawText());
        var tools = Path.Combine(TestPaths.RepositoryRoot(), "tools", "spectral");
        try
        {
            var (exitCode, output) = await RunAsync(Path.Combine(tools, "node_modules", ".bin", "spectral"), "lint", file, "--ruleset", Path.Combine(tools, ".spectral.yaml"), "--fail-severity=warn");

            Assert.True(exitCode == 0, "Spectral found problems in the OpenAPI document:\n" + output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ValueTypes_AreSharedComponentSchemas_WithShortNames()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var name in new[] { "Money", "LocalDate", "YearMonth", "Instant", "Currency", "LedgerId", "EntityId", "AccountCode", "JournalId", "SaleId", "PricingTier", "PaymentChannel" })
        {
            Assert.True(schemas.TryGetProperty(name, out _), $"No component schema '{name}'.");
        }

        Assert.All(schemas.EnumerateObject(), s => Assert.Matches("^[A-Z][A-Za-z0-9]*$", s.Name));
        Assert.Single(schemas.EnumerateObject(), s => s.Value.TryGetProperty("properties", out var p) && p.TryGetProperty("amount", out _) && p.TryGetProperty("currency", out _));
    }

    [Fact]
    public async Task ServersAndContact_ComeFromConfiguration()
    {
        using var app = new ApiApplication(new Dictionary<string, string?>
        {
            ["Api:PublicUrl"] = "https://books.example.org",
            ["Api:Contact:Name"] = "Yulin hub",
            ["Api:Contact:Email"] = "books@example.org",
        });

        var document = await DocumentAsync(app);

        Assert.Equal("https://books.example.org", document.GetProperty("servers")[0].GetProperty("url").GetString());
        Assert.Equal(("Yulin hub", "books@example.org"), (document.GetProperty("info").GetProperty("contact").GetProperty("name").GetString(), document.GetProperty("info").GetProperty("contact").GetProperty("email").GetString()));
    }

    [Fact]
    public async Task EveryOperation_HasAnOperationId_AndASuccessResponse()
    {
        var document = await DocumentAsync();

        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{operation.Name} {path.Name} has no operationId.");
                Assert.Contains(operation.Value.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('2'));
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
