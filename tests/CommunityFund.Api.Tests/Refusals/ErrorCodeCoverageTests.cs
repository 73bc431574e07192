using System.Text.Json;

namespace CommunityFund.Api.Tests.Refusals;

/// <summary>
/// Every code docs/errors.md documents is answered by the API, and the API answers no code docs/errors.md does not
/// document: each code's scenario (<see cref="ErrorCodeScenarios"/>) drives the real HTTP API and gets a problem with
/// that code and its documented status, and the operation that answered it declares it (with that status and an
/// example) in the OpenAPI document. The codes only a .NET caller of the packages can meet are the explicit,
/// reasoned exceptions of <see cref="LibraryOnlyErrorCodes"/>.
/// </summary>
public sealed class ErrorCodeCoverageTests(ScenarioHost host) : IClassFixture<ScenarioHost>
{
    /// <summary>The documented codes the API answers.</summary>
    public static TheoryData<string> AnsweredCodes() =>
        [.. DocumentedErrorCodes.All.Select(c => c.Code).Where(c => !LibraryOnlyErrorCodes.Reasons.ContainsKey(c)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(AnsweredCodes))]
    public async Task EachDocumentedCode_IsAnsweredThroughTheApi_WithItsDocumentedStatus_DeclaredByItsOperation_AndNoUndocumentedCode(string code)
    {
        Assert.True(ErrorCodeScenarios.ByCode.TryGetValue(code, out var scenario), $"No scenario produces '{code}'.");

        var response = await scenario(host);

        var answer = await AnswerAsync(response);
        Assert.True(answer.Codes.Contains(code), $"'{code}' expected; the API answered {(int)response.StatusCode} with {string.Join(", ", answer.Codes)}: {answer.Body}");
        var documented = DocumentedErrorCodes.Get(code).Status;
        if (answer.Code == code)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(documented == 0 ? (int)response.StatusCode >= 400 : (int)response.StatusCode == documented,
                $"'{code}' is documented as {documented}; the API answered {(int)response.StatusCode}.");
            await AssertDeclaredAsync(code, response);
        }

        Assert.All(answer.Codes, c => Assert.True(DocumentedErrorCodes.All.Any(d => d.Code == c), $"The scenario of '{code}' was answered '{c}', which docs/errors.md does not document."));
    }

    /// <summary>The operation that answered a code (as a problem's top-level code) declares it, with its status, among
    /// its OpenAPI error responses' examples — the contract a client reads says what the API does.</summary>
    private static async Task AssertDeclaredAsync(string code, HttpResponseMessage response)
    {
        if (Operation(await Document.Value, response.RequestMessage!) is not { } found || DocumentedErrorCodes.Get(code).Status == 0 && (int)response.StatusCode >= 500)
        {
            return; // answered by no documented operation (an unknown route), or a server fault no operation declares
        }

        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var declared = found.Operation.TryGetProperty("responses", out var responses) && responses.TryGetProperty(status, out var declaredResponse)
            && declaredResponse.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out var problem)
            && problem.TryGetProperty("examples", out var examples) && examples.TryGetProperty(code, out _);
        Assert.True(declared, $"{found.Name} answers '{code}' with {status}, which its OpenAPI operation does not declare.");
    }

    private static readonly Lazy<Task<JsonElement>> Document = new(async () =>
    {
        using var app = new ApiApplication();
        return JsonDocument.Parse(await app.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement.Clone();
    });

    /// <summary>The documented operation a request reached: its method and the path template that matches, the one with
    /// the fewest parameters when several do.</summary>
    private static (string Name, JsonElement Operation)? Operation(JsonElement document, HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        var method = request.Method.Method.ToLowerInvariant();
        return document.GetProperty("paths").EnumerateObject()
            .Where(p => System.Text.RegularExpressions.Regex.IsMatch(path, "^" + System.Text.RegularExpressions.Regex.Replace(p.Name, @"\{[^}]+\}", "[^/]+") + "/?$"))
            .OrderBy(p => p.Name.Count(c => c == '{'))
            .Select(p => p.Value.TryGetProperty(method, out var operation) ? ((string Name, JsonElement Operation)?)($"{method.ToUpperInvariant()} {p.Name}", operation) : null)
            .FirstOrDefault(o => o is not null);
    }

    [Fact]
    public void TheScenarios_AreExactlyTheDocumentedCodes_ThatAreNotLibraryOnly()
    {
        var documented = DocumentedErrorCodes.All.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(documented.Except(LibraryOnlyErrorCodes.Reasons.Keys).Order(StringComparer.Ordinal), ErrorCodeScenarios.ByCode.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryLibraryOnlyCode_IsDocumented_AndHasAReason()
    {
        var documented = DocumentedErrorCodes.All.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        Assert.All(LibraryOnlyErrorCodes.Reasons, r => Assert.True(documented.Contains(r.Key) && r.Value.Length > 20, r.Key));
    }

    /// <summary>The problem's code and every code the answer carries: the field errors' codes, a file's line problems,
    /// an import's refused rows.</summary>
    private static async Task<(string? Code, IReadOnlySet<string> Codes, string Body)> AnswerAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        string? code = null;
        if (body.Length > 0 && body.TrimStart()[0] == '{')
        {
            var json = JsonDocument.Parse(body).RootElement;
            if (json.TryGetProperty("code", out var top) && top.GetString() is { } problem)
            {
                codes.Add(code = problem);
            }

            if (json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                codes.UnionWith(errors.EnumerateObject().SelectMany(f => f.Value.EnumerateArray()).Select(e => e.GetString()!.Split(':')[0])
                    .Where(c => c.Contains('.', StringComparison.Ordinal) && !c.Contains(' ', StringComparison.Ordinal)));
            }

            foreach (var list in new[] { "lines", "refusedRows" })
            {
                if (json.TryGetProperty(list, out var lines) && lines.ValueKind == JsonValueKind.Array)
                {
                    codes.UnionWith(lines.EnumerateArray().Select(l => l.GetProperty("code").GetString()!));
                }
            }
        }

        return (code, codes, body.Length > 2_000 ? body[..2_000] : body);
    }
}
