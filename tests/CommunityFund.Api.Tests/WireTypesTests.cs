using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommunityFund.Api.Tests;

/// <summary>
/// The API speaks its own DTOs only: every type a request or a response carries — walked from each endpoint's body,
/// parameters and responses, recursively through the properties the JSON options serialise — is declared in the
/// CommunityFund.Api assembly, or is a primitive or collection of the base class library, or is on the short list
/// below of value types with their own JSON converters that are deliberately shared. A type of CommunityFund.Core
/// (or of any other assembly, such as a future CommunityFund.Ledger) fails the test, so a rename in the books can
/// never change the wire format unnoticed.
/// </summary>
public sealed class WireTypesTests : IClassFixture<ApiApplicationFixture>
{
    /// <summary>
    /// Shared value types, each written as one JSON value by its own converter (not by its properties), so their C#
    /// shape is not the wire's: money (<c>{ "amount": "12.34", "currency": "CNY" }</c>) and its currency code, the
    /// slug and UUID identifiers, account codes, and the NodaTime dates (<c>yyyy-MM-dd</c>, <c>yyyy-MM</c>, ISO
    /// instants). Enums are deliberately not on this list: their member names are the wire's vocabulary, so the API
    /// declares its own and maps them.
    /// </summary>
    internal static readonly HashSet<Type> SharedValueTypes =
    [
        typeof(Money),
        typeof(Currency),
        typeof(CommunityFund.Ledger.LedgerId),
        typeof(CommunityFund.Ledger.EntityId),
        typeof(CommunityFund.Ledger.JournalId),
        typeof(CommunityFund.Ledger.AccountCode),
        typeof(CommunityFund.Economy.SaleId),
        typeof(NodaTime.LocalDate),
        typeof(NodaTime.YearMonth),
        typeof(NodaTime.Instant),
    ];

    /// <summary>The framework's problem details, answered by every endpoint on errors.</summary>
    private static readonly HashSet<Type> FrameworkTypes =
    [
        typeof(Microsoft.AspNetCore.Mvc.ProblemDetails),
        typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails),
    ];

    private readonly ApiApplication _app;

    public WireTypesTests(ApiApplicationFixture fixture) => _app = fixture.App;

    [Fact]
    public void NoEndpoint_CarriesATypeOfAnotherAssembly()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        var walked = 0;
        foreach (var (endpoint, type) in WireTypes())
        {
            walked++;
            Walk(type, $"{endpoint}: {Name(type)}", violations, []);
        }

        Assert.True(walked > 100, $"Only {walked} wire types were found; the endpoint walk is broken.");
        Assert.True(violations.Count == 0, "Types of other assemblies on the wire (give each an Api DTO):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheWalk_FindsCoreTypes_WhereTheyWouldBe()
    {
        // A self-test: the walker reports a Core record, a Core enum and a Core type inside a collection.
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in typeof(CoreOnTheWire).GetProperties())
        {
            Walk(property.PropertyType, "probe." + property.Name, violations, []);
        }

        Assert.Equal(3, violations.Count);
    }

    [Fact]
    public void EveryApiEnum_NamesEveryMemberOfItsBooksEnum()
    {
        // The maps check themselves when built (every member of both enums paired once, so a member added to the books
        // without a wire name fails here); building them all is the test. Names may differ: the pairs say which is which.
        var maps = typeof(Composition).Assembly.GetType("CommunityFund.Api.Apis.WireEnums", throwOnError: true)!
            .GetFields(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType.IsGenericType && f.FieldType.Name.StartsWith("WireEnum`", StringComparison.Ordinal))
            .Select(f => (Core: f.FieldType.GetGenericArguments()[0], Wire: f.FieldType.GetGenericArguments()[1], Map: f.GetValue(null)))
            .ToList();
        var apiEnums = typeof(Composition).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic && t.Namespace == "CommunityFund.Api.Apis").ToList();

        Assert.All(maps, m => Assert.NotNull(m.Map));
        Assert.All(maps, m => Assert.Equal(Enum.GetValues(m.Core).Length, Enum.GetValues(m.Wire).Length));
        Assert.Equal(apiEnums.OrderBy(t => t.Name), maps.Select(m => m.Wire).OrderBy(t => t.Name));
    }

    [Fact]
    public async Task Enums_AreWrittenInCamelCase_AndReadInAnyCasing()
    {
        var admin = _app.Client(ApiApplication.Admin);

        var created = await admin.PostJsonAsync("/ledgers/demo/entities", """{"id":"casing-check","name":"Casing","kind":"PROVIDER","profile":"smecn"}""");
        var accounts = await (await admin.GetAsync("/ledgers/demo/entities/casing-check/accounts")).JsonAsync();
        var sale = await (await admin.GetAsync("/ledgers/demo/sales")).JsonAsync();

        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var entity = await created.JsonAsync();
        Assert.Equal(("provider", "smeCn"), (entity.GetProperty("kind").GetString(), entity.GetProperty("profile").GetString()));
        Assert.Equal(("asset", "debit"), (accounts[0].GetProperty("type").GetString(), accounts[0].GetProperty("normalSide").GetString()));
        Assert.Equal("largestRemainderWithCarry", sale[0].GetProperty("distributions")[0].GetProperty("rounding").GetString());
    }

    [Fact]
    public void EveryLedgerEndpoint_RunsInTheLedgerScope_AndDocumentsTheLedgerIdFirst()
    {
        var endpoints = _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/ledgers/{ledgerId}", StringComparison.Ordinal))
            .ToList();
        var descriptions = _app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items).Where(d => d.RelativePath!.StartsWith("ledgers/{ledgerId}", StringComparison.Ordinal)).ToList();

        Assert.True(endpoints.Count > 60);
        Assert.All(endpoints, e => Assert.NotNull(e.Metadata.GetMetadata<CommunityFund.Api.Apis.LedgerScopeMarker>()));
        Assert.Equal(endpoints.Count, descriptions.Count);
        Assert.All(descriptions, d => Assert.Equal(("ledgerId", "Path"), (d.ParameterDescriptions[0].Name, d.ParameterDescriptions[0].Source.Id)));
    }

    private IEnumerable<(string Endpoint, Type Type)> WireTypes()
    {
        var groups = _app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items;
        foreach (var description in groups.SelectMany(g => g.Items))
        {
            var endpoint = $"{description.HttpMethod} {description.RelativePath}";
            foreach (var parameter in description.ParameterDescriptions.Where(p => p.Type is not null && p.Source.IsFromRequest))
            {
                yield return (endpoint, parameter.Type);
            }

            foreach (var response in description.SupportedResponseTypes.Where(r => r.Type is not null && r.Type != typeof(void)))
            {
                yield return (endpoint, response.Type!);
            }
        }
    }

    private void Walk(Type type, string path, SortedSet<string> violations, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            return;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Walk(underlying, path, violations, seen);
            return;
        }

        if (SharedValueTypes.Contains(type) || FrameworkTypes.Contains(type) || IsBclPrimitive(type))
        {
            return;
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, path + "[]", violations, seen);
            return;
        }

        if (IsBclGeneric(type))
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Walk(argument, $"{path}<{Name(argument)}>", violations, seen);
            }

            return;
        }

        if (type.Assembly != typeof(Composition).Assembly)
        {
            violations.Add($"{path} is {type.FullName} from {type.Assembly.GetName().Name}");
            return;
        }

        if (type.IsEnum)
        {
            return;
        }

        foreach (var property in TypeInfo(type).Properties)
        {
            Walk(property.PropertyType, $"{path}.{property.Name}", violations, seen);
        }
    }

    private JsonTypeInfo TypeInfo(Type type) =>
        _app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions.GetTypeInfo(type);

    private static bool IsBclPrimitive(Type type) =>
        type.IsPrimitive || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid) || type == typeof(object)
        || type == typeof(JsonElement) || type == typeof(DateTimeOffset) || type == typeof(DateTime);

    private static bool IsBclGeneric(Type type) =>
        type.IsGenericType && type.Assembly.GetName().Name is "System.Private.CoreLib" or "System.Collections" or "System.Collections.Immutable" or "System.Runtime"
        && type.Namespace is not null && type.Namespace.StartsWith("System.Collections", StringComparison.Ordinal);

    private static string Name(Type type) => type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;

    /// <summary>A probe for the self-test.</summary>
    private sealed record CoreOnTheWire(CommunityFund.Economy.TierPrice Price, CommunityFund.Economy.PricingTier Tier, IReadOnlyList<CommunityFund.Audit.AuditFinding> Findings, Money Shared);
}
