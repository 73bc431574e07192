using System.Text.Json;
using System.Text.Json.Nodes;

namespace CommunityFund.Api.Tests.Contract;

/// <summary>The versioning policy (docs/api-versioning.md) in a test: the served document against the last released one
/// (docs/openapi/v1.json); every breaking change must be announced in docs/openapi/announced-breaking-changes.txt.</summary>
public sealed class OpenApiCompatibilityTests : IClassFixture<ApiApplicationFixture>
{
    private static readonly string Folder = Path.Combine(TestPaths.RepositoryRoot(), "docs", "openapi");

    private readonly ApiApplication _app;

    public OpenApiCompatibilityTests(ApiApplicationFixture fixture) => _app = fixture.App;

    [Fact]
    public async Task TheServedDocument_HasNoUnannouncedBreakingChange_SinceTheLastRelease()
    {
        var current = await _app.Client(null).GetStringAsync("/swagger/v1/swagger.json");
        var baseline = Path.Combine(Folder, "v1.json");
        if (Environment.GetEnvironmentVariable("RELEASE_OPENAPI") == "1")
        {
            // Releasing: the served document becomes the baseline the next changes are compared with.
            await File.WriteAllTextAsync(baseline, JsonNode.Parse(current)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var breaking = OpenApiCompatibility.BreakingChanges(JsonDocument.Parse(await File.ReadAllTextAsync(baseline)).RootElement, JsonDocument.Parse(current).RootElement);
        var announced = (await File.ReadAllLinesAsync(Path.Combine(Folder, "announced-breaking-changes.txt")))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(" | ")[0].Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.True(breaking.All(announced.Contains), "Unannounced breaking changes to the API (see docs/api-versioning.md):\n" + string.Join('\n', breaking.Where(b => !announced.Contains(b))));
    }

    private const string Released = """
        {"paths":{
          "/things":{"post":{"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/ThingRequest"}}}},
                              "responses":{"201":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}},
          "/things/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
                                 "responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
         "components":{"schemas":{
          "ThingRequest":{"type":"object","properties":{"name":{"type":"string"},"kind":{"$ref":"#/components/schemas/Kind"}},"required":["name"]},
          "Thing":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"count":{"type":"integer","format":"int32"}}},
          "Kind":{"type":"string","enum":["small","large"]}}}}
        """;

    private static IReadOnlyList<string> Changes(Func<JsonNode, JsonNode> change)
    {
        var current = change(JsonNode.Parse(Released)!);
        return OpenApiCompatibility.BreakingChanges(JsonDocument.Parse(Released).RootElement, JsonDocument.Parse(current.ToJsonString()).RootElement);
    }

    [Fact]
    public void TheSameDocument_HasNoBreakingChange() => Assert.Empty(Changes(d => d));

    [Fact]
    public void AnOperationRemoved_IsBreaking() =>
        Assert.Equal(["GET /things/{id}: operation removed"], Changes(d => { d["paths"]!.AsObject().Remove("/things/{id}"); return d; }));

    [Fact]
    public void AResponsePropertyRemoved_IsBreaking() =>
        Assert.Contains("POST /things: response 201: property count removed", Changes(d => { d["components"]!["schemas"]!["Thing"]!["properties"]!.AsObject().Remove("count"); return d; }));

    [Fact]
    public void ATypeChanged_IsBreaking() =>
        Assert.Contains("GET /things/{id}: response 200.count: type integer/int32 became string/", Changes(d => { d["components"]!["schemas"]!["Thing"]!["properties"]!["count"] = JsonNode.Parse("""{"type":"string"}"""); return d; }));

    [Fact]
    public void ARequestPropertyMadeRequired_IsBreaking() =>
        Assert.Equal(["POST /things: request: property kind now required"], Changes(d => { d["components"]!["schemas"]!["ThingRequest"]!["required"]!.AsArray().Add("kind"); return d; }));

    [Fact]
    public void AnEnumValueRemoved_IsBreaking() =>
        Assert.Equal(["POST /things: request.kind: enum value large removed"], Changes(d => { d["components"]!["schemas"]!["Kind"]!["enum"]!.AsArray().RemoveAt(1); return d; }));

    [Fact]
    public void ASchemaRenamed_IsBreaking() =>
        Assert.Contains("schema Kind removed or renamed", Changes(d =>
        {
            var schemas = d["components"]!["schemas"]!.AsObject();
            var kind = schemas["Kind"]!.DeepClone();
            schemas.Remove("Kind");
            schemas["ThingKind"] = kind;
            return JsonNode.Parse(d.ToJsonString().Replace("#/components/schemas/Kind\"", "#/components/schemas/ThingKind\"", StringComparison.Ordinal))!;
        }));

    [Fact]
    public void AdditionsAClientCanIgnore_AreNotBreaking() =>
        Assert.Empty(Changes(d =>
        {
            d["components"]!["schemas"]!["Thing"]!["properties"]!["colour"] = JsonNode.Parse("""{"type":"string"}""");
            d["components"]!["schemas"]!["ThingRequest"]!["properties"]!["note"] = JsonNode.Parse("""{"type":"string"}""");
            d["components"]!["schemas"]!["Kind"]!["enum"]!.AsArray().Add("medium");
            d["paths"]!["/other"] = JsonNode.Parse("""{"get":{"responses":{"200":{}}}}""");
            return d;
        }));
}
