using System.Text.Json.Nodes;
using CommunityFund.Api.Apis;
using CommunityFund.Api.Imports;
using CommunityFund.Api.Security;
using CommunityFund.Posting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CommunityFund.Api;

/// <summary>
/// The error responses of every operation, generated: the codes the operation declares
/// (<see cref="OpenApiDocumentation"/>) and those the HTTP layer answers on its own (authentication, the role's
/// refusal, the ledger, validation and malformed requests, bodies too large or of another type, idempotency, rate
/// limits, storage), grouped by the status docs/errors.md gives each code (<see cref="ErrorCodeCatalogue"/>). Each
/// status is an <c>application/problem+json</c> response of the one <c>ProblemDetails</c> schema, with a named
/// example per code (<c>#/components/examples/{code}</c>: its code, title, status and meaning).
/// </summary>
public sealed class OpenApiProblems : IOperationFilter, IDocumentFilter
{
    /// <summary>The name of the problem details schema.</summary>
    public const string SchemaName = "ProblemDetails";

    private const string MediaType = "application/problem+json";

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Responses ??= [];
        var declared = operation.Responses.Keys.Where(k => k[0] is '4' or '5').ToHashSet(StringComparer.Ordinal);
        var codes = HttpLayerCodes(operation, context.ApiDescription, declared)
            .Concat(OpenApiDocumentation.DeclaredCodes(operation.OperationId ?? string.Empty))
            .Distinct(StringComparer.Ordinal)
            .Where(c => Status(c) > 0)
            .ToList();
        foreach (var status in declared)
        {
            operation.Responses.Remove(status);
        }

        foreach (var group in codes.GroupBy(Status).OrderBy(g => g.Key))
        {
            operation.Responses[group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = $"{Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(group.Key)}: {string.Join(", ", group.Select(c => $"`{c}`"))}.",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [MediaType] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchemaReference(SchemaName),
                        Examples = group.ToDictionary(c => c, IOpenApiExample (c) => new OpenApiExampleReference(c), StringComparer.Ordinal),
                    },
                },
            };
        }

        // In the order of the statuses: the success first, then the refusals.
        var responses = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in responses)
        {
            operation.Responses[status] = response;
        }
    }

    /// <inheritdoc />
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        swaggerDoc.Components ??= new OpenApiComponents();
        swaggerDoc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        swaggerDoc.Components.Schemas.Remove("HttpValidationProblemDetails");
        swaggerDoc.Components.Schemas[SchemaName] = ProblemSchema();
        var used = swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Responses?.Values.AsEnumerable() ?? [])
            .SelectMany(r => r.Content?.Values.AsEnumerable() ?? []).SelectMany(m => m.Examples?.Keys.AsEnumerable() ?? []).Where(ErrorCodeCatalogue.IsDocumented)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        swaggerDoc.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var code in used)
        {
            swaggerDoc.Components.Examples[code] = Example(code);
        }
    }

    /// <summary>The status an operation answers a code with (a code whose status varies: 400 for a malformed request,
    /// 0 for a fault of the server, which no operation declares).</summary>
    /// <param name="code">A documented code.</param>
    /// <returns>The status.</returns>
    public static int Status(string code) =>
        ErrorCodeCatalogue.StatusOf(code) is > 0 and var status ? status : code == ApiErrorCodes.Malformed ? StatusCodes.Status400BadRequest : 0;

    /// <summary>The codes the HTTP layer answers an operation with before (or around) its handler.</summary>
    private static IEnumerable<string> HttpLayerCodes(OpenApiOperation operation, ApiDescription api, IReadOnlySet<string> declared)
    {
        var metadata = api.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policy = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
        var json = operation.RequestBody?.Content?.ContainsKey("application/json") == true;
        var body = operation.RequestBody is not null || ImportBody.Streams(metadata);
        var query = operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true;
        var codes = new List<string>();
        codes.AddRange(anonymous ? [] : [ApiErrorCodes.Unauthenticated, ApiErrorCodes.InvalidKey, ApiErrorCodes.KeyInQuery, ApiErrorCodes.TooManyFailedAuthentications]);
        codes.AddRange(policy is null or Policies.Read ? [] : [ApiErrorCodes.Forbidden]);
        codes.AddRange(metadata.OfType<LedgerScopeMarker>().Any() ? [ErrorCodes.LedgerNotFound] : []);
        codes.AddRange(json || query || declared.Contains("400") ? [ApiErrorCodes.ValidationFailed] : []);
        codes.AddRange(query ? [ApiErrorCodes.Malformed] : []);
        codes.AddRange(json ? [ApiErrorCodes.BodyRequired, ApiErrorCodes.MalformedJson] : []);
        codes.AddRange(body ? [ApiErrorCodes.TooLarge, ApiErrorCodes.UnsupportedMediaType] : []);
        codes.AddRange(metadata.OfType<IdempotentMarker>().Any() ? [ApiErrorCodes.IdempotencyKeyRequired, ErrorCodes.IdempotencyConflict, ErrorCodes.LedgerBusy] : []);
        codes.Add(ApiErrorCodes.RateLimitExceeded);
        codes.AddRange(!anonymous || declared.Contains("503") ? [ApiErrorCodes.StorageUnavailable] : []);
        return codes;
    }

    /// <summary>The named example of a code: the problem as the API answers it in English.</summary>
    private static OpenApiExample Example(string code)
    {
        var status = Status(code);
        var value = new JsonObject
        {
            ["title"] = ApiProblems.Title(status),
            ["status"] = status,
            ["detail"] = ErrorCodeCatalogue.Meaning(code) ?? $"Refused with '{code}' (docs/errors.md).",
            ["code"] = code,
        };
        if (code == ApiErrorCodes.ValidationFailed)
        {
            value["errors"] = new JsonObject { ["date"] = new JsonArray("'Date' must not be empty.") };
        }

        return new OpenApiExample { Summary = code, Value = value };
    }

    /// <summary>RFC 9457 problem details with the API's extensions.</summary>
    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A refusal: RFC 9457 problem details with a stable `code` (docs/errors.md lists every code with its status and meaning).",
        Required = new HashSet<string>(StringComparer.Ordinal) { "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI reference that identifies the problem type.", nullable: true),
            ["title"] = Text("A short summary of the status (in Chinese when the request's Accept-Language prefers zh)."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = Text("What was refused and why, with the figures it was decided on.", nullable: true),
            ["instance"] = Text("A URI reference that identifies this occurrence.", nullable: true),
            ["code"] = Text("The stable code of the rule that refused the request; branch on it (an unknown code: fall back on the status)."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "Every failing field, each with its messages (`code: message` for the books' refusals).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["detailEn"] = Text("The English detail, when `detail` is in Chinese.", nullable: true),
            ["lines"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array | JsonSchemaType.Null,
                Description = "For a refused file: each bad line with its column, code and reason.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["line"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                        ["column"] = Text("The column at fault, or empty."),
                        ["code"] = Text("The line's code."),
                        ["reason"] = Text("Why the line is refused."),
                    },
                },
            },
            ["figures"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "The figures a refusal was decided on, by name.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        },
        AdditionalPropertiesAllowed = true,
    };

    private static OpenApiSchema Text(string description, bool nullable = false) =>
        new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Description = description };
}
