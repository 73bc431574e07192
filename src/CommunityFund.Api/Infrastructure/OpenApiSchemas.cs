using System.Text.Json.Nodes;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using Microsoft.OpenApi;
using NodaTime;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CommunityFund.Api;

/// <summary>
/// The value types of the wire as named component schemas, referenced wherever they are used (never inlined, so a
/// generated client gets one <c>Money</c> class, not one per property), and the schemas' names: short, stable, part of
/// the public contract — the .NET type's own name without its namespace. A rename is a breaking change.
/// </summary>
public sealed class OpenApiSchemas : IDocumentFilter
{
    private const string Slug = "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$";

    /// <summary>The value types, their schema names and their schemas.</summary>
    private static readonly (Type Type, string Name, Func<OpenApiSchema> Schema)[] Values =
    [
        (typeof(Money), "Money", Money),
        (typeof(LocalDate), "LocalDate", () => Text("An accounting date, ISO 8601 (yyyy-MM-dd).", "2026-03-02", format: "date")),
        (typeof(YearMonth), "YearMonth", () => Text("An accounting period, a month (yyyy-MM).", "2026-03", "^[0-9]{4}-(0[1-9]|1[0-2])$")),
        (typeof(Instant), "Instant", () => Text("An instant in UTC, ISO 8601.", "2026-03-15T02:00:00Z", format: "date-time")),
        (typeof(Currency), "Currency", () => Text("A unit: CNY for money, HOUR, POINT and COUNT for the memo ledgers.", "CNY", allowed: ["CNY", "HOUR", "POINT", "COUNT"])),
        (typeof(LedgerId), "LedgerId", () => Text("A ledger's id, a slug of 1–64 lower-case letters, digits and inner hyphens.", "demo", Slug)),
        (typeof(EntityId), "EntityId", () => Text("An accounting entity's id, a slug.", "elder-care", Slug)),
        (typeof(AccountCode), "AccountCode", () => Text("An account code of the entity's chart: four characters, then .NN sub-accounts.", "1002.01", "^[0-9A-Z]{4}(\\.[0-9]{2})*$")),
        (typeof(JournalId), "JournalId", () => Text("A journal's id (a UUID).", "01a22589-ddc6-7f21-81ae-f68e350ffcf0", format: "uuid")),
        (typeof(SaleId), "SaleId", () => Text("A sale's id (a UUID).", "01a22589-ddc6-7f21-81ae-f68e350ffcf0", format: "uuid")),
    ];

    /// <summary>Registers the names and the referenced value schemas with Swashbuckle.</summary>
    /// <param name="swagger">The generator's options.</param>
    public static void Register(SwaggerGenOptions swagger)
    {
        ArgumentNullException.ThrowIfNull(swagger);
        swagger.CustomSchemaIds(SchemaName);
        foreach (var (type, name, _) in Values)
        {
            swagger.MapType(type, () => new OpenApiSchemaReference(name));
            if (type.IsValueType)
            {
                swagger.MapType(typeof(Nullable<>).MakeGenericType(type), () => new OpenApiSchemaReference(name));
            }
        }

        swagger.DocumentFilter<OpenApiSchemas>();
    }

    /// <inheritdoc />
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        swaggerDoc.Components ??= new OpenApiComponents();
        swaggerDoc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (_, name, schema) in Values)
        {
            swaggerDoc.Components.Schemas[name] = schema();
        }
    }

    /// <summary>A type's schema name: its own name (nested types joined, generic arguments appended), never its namespace.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The name.</returns>
    public static string SchemaName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = type.Name.Split('`')[0];
        if (type.IsNested && type.DeclaringType is { } outer)
        {
            name = SchemaName(outer) + name;
        }

        return type.IsGenericType ? name + string.Concat(type.GetGenericArguments().Select(SchemaName)) : name;
    }

    private static OpenApiSchema Money() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An exact amount: a decimal string in its unit's places (two for CNY), never a binary number.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["amount"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^-?[0-9]+(\\.[0-9]+)?$", Examples = [JsonValue.Create("12.34")] },
            ["currency"] = new OpenApiSchemaReference("Currency"),
        },
        Required = new HashSet<string> { "amount", "currency" },
        Examples = [new JsonObject { ["amount"] = "12.34", ["currency"] = "CNY" }],
    };

    private static OpenApiSchema Text(string description, string example, string? pattern = null, string? format = null, string[]? allowed = null) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Pattern = pattern,
        Format = format,
        Enum = allowed is null ? null : [.. allowed.Select(a => (JsonNode)JsonValue.Create(a)!)],
        Examples = [JsonValue.Create(example)],
    };
}
