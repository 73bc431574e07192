using System.Text.Json;
using CommunityFund.Api.Tests.Refusals;

namespace CommunityFund.Api.Tests.Contract;

/// <summary>Every operation declares its error responses: the statuses its codes are answered with, each an
/// <c>application/problem+json</c> of the one ProblemDetails schema, with a named example per code whose code is
/// documented in docs/errors.md with that status.</summary>
public sealed class OpenApiErrorResponsesTests : IClassFixture<ApiApplicationFixture>
{
    private readonly ApiApplication _app;

    public OpenApiErrorResponsesTests(ApiApplicationFixture fixture) => _app = fixture.App;

    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await _app.Client(null).GetStringAsync("/swagger/v1/swagger.json")).RootElement.Clone();

    private static IEnumerable<(string Where, string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Select(operation => ($"{operation.Name.ToUpperInvariant()} {path.Name}", path.Name, operation.Name.ToUpperInvariant(), operation.Value)));

    private static IEnumerable<(string Status, JsonElement Response)> ErrorResponses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5').Select(r => (r.Name, r.Value));

    /// <summary>The codes of an operation's error responses, by status.</summary>
    private static Dictionary<string, List<string>> Codes(JsonElement operation) =>
        ErrorResponses(operation).ToDictionary(r => r.Status, r => r.Response.GetProperty("content").GetProperty("application/problem+json").GetProperty("examples").EnumerateObject().Select(e => e.Name).ToList());

    [Fact]
    public async Task EveryOperation_DeclaresErrorResponses()
    {
        var document = await DocumentAsync();

        Assert.All(Operations(document), o => Assert.True(ErrorResponses(o.Operation).Any(), $"{o.Where} declares no error response."));
    }

    [Fact]
    public async Task EveryErrorResponse_IsAProblemOfTheOneSchema_WithANamedExamplePerCode_DocumentedWithItsStatus()
    {
        var document = await DocumentAsync();
        var examples = document.GetProperty("components").GetProperty("examples");

        foreach (var (where, _, _, operation) in Operations(document))
        {
            foreach (var (status, response) in ErrorResponses(operation))
            {
                var content = response.GetProperty("content");
                Assert.Equal(["application/problem+json"], content.EnumerateObject().Select(c => c.Name));
                var media = content.GetProperty("application/problem+json");
                Assert.Equal("#/components/schemas/ProblemDetails", media.GetProperty("schema").GetProperty("$ref").GetString());
                Assert.True(media.GetProperty("examples").EnumerateObject().Any(), $"{where} {status} has no example.");
                foreach (var named in media.GetProperty("examples").EnumerateObject())
                {
                    var value = examples.GetProperty(named.Value.GetProperty("$ref").GetString()!.Split('/')[^1]).GetProperty("value");
                    var code = value.GetProperty("code").GetString()!;
                    var documented = DocumentedErrorCodes.All.SingleOrDefault(c => c.Code == code);
                    Assert.True(documented is not null, $"{where} {status}: '{code}' is not in docs/errors.md.");
                    Assert.True(documented.Status == 0 || documented.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) == status,
                        $"{where} {status}: '{code}' is documented as {documented.Status}.");
                    Assert.Equal((named.Name, status), (code, value.GetProperty("status").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    Assert.False(string.IsNullOrWhiteSpace(value.GetProperty("title").GetString()), $"{code}: no title");
                    Assert.False(string.IsNullOrWhiteSpace(value.GetProperty("detail").GetString()), $"{code}: no detail");
                }
            }
        }
    }

    [Fact]
    public async Task TheProblemSchema_CarriesTheCodeAndTheFieldErrors()
    {
        var schema = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");

        Assert.Contains("code", schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.True(schema.GetProperty("properties").TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task EveryOperationThatNeedsAKey_DeclaresTheRefusalsOfAuthenticationRateLimitsAndStorage()
    {
        var document = await DocumentAsync();

        foreach (var (where, _, _, operation) in Operations(document).Where(o => !o.Path.StartsWith("/health", StringComparison.Ordinal)))
        {
            var codes = Codes(operation);
            Assert.True(codes.TryGetValue("401", out var unauthenticated) && unauthenticated.Contains("auth.unauthenticated") && unauthenticated.Contains("auth.invalid_key"), where);
            Assert.True(codes.TryGetValue("429", out var limited) && limited.Contains("rate_limit.exceeded"), where);
            Assert.True(codes.TryGetValue("503", out var storage) && storage.Contains("storage.unavailable"), where);
        }
    }

    [Fact]
    public async Task AnOperationSomeRoleIsRefused_Declares403_AndOnlyThen()
    {
        var document = await DocumentAsync();
        using var matrix = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "authorization-matrix.json")));
        var refused = matrix.RootElement.GetProperty("routes").EnumerateArray()
            .Where(r => new[] { "admin", "trustee", "provider" }.Any(role => r.GetProperty(role).GetString() == "deny"))
            .Select(r => $"{r.GetProperty("method").GetString()} {Normalise(r.GetProperty("path").GetString()!)}")
            .ToHashSet(StringComparer.Ordinal);

        foreach (var (_, path, method, operation) in Operations(document))
        {
            var forbidden = Codes(operation).TryGetValue("403", out var codes) && codes.Contains("auth.forbidden");
            Assert.True(forbidden == refused.Contains($"{method} {path}"), $"{method} {path}: declares 403 auth.forbidden: {forbidden}; the matrix refuses a ledger role: {!forbidden}.");
        }
    }

    [Fact]
    public async Task AnOperationWithABody_DeclaresTheBodysRefusals()
    {
        var document = await DocumentAsync();

        foreach (var (where, _, _, operation) in Operations(document).Where(o => o.Operation.TryGetProperty("requestBody", out _)))
        {
            var codes = Codes(operation);
            Assert.True(codes.TryGetValue("413", out var large) && large.Contains("request.too_large"), where);
            Assert.True(codes.TryGetValue("415", out var media) && media.Contains("request.unsupported_media_type"), where);
        }
    }

    [Fact]
    public async Task NoDescription_ListsStatusesByHand()
    {
        var document = await DocumentAsync();

        Assert.All(Operations(document), o => Assert.DoesNotContain("(404/409/422)", o.Operation.GetProperty("description").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void TheCodesOperationsDeclare_AreDocumented_AndAnsweredThroughTheApi() =>
        Assert.All(DeclaredCodes(), code => Assert.True(
            DocumentedErrorCodes.All.Any(c => c.Code == code) && !LibraryOnlyErrorCodes.Reasons.ContainsKey(code), $"'{code}' is declared by an operation but {(LibraryOnlyErrorCodes.Reasons.ContainsKey(code) ? "never answered by the API" : "not documented")}."));

    private static IEnumerable<string> DeclaredCodes() => OpenApiDocumentation.Declared.Values.SelectMany(c => c).Distinct(StringComparer.Ordinal);

    /// <summary>A route pattern as the document writes its path: no constraints, no trailing slash.</summary>
    private static string Normalise(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, ":[a-z]+}", "}").TrimEnd('/') is { Length: > 0 } path ? path : "/";
}
