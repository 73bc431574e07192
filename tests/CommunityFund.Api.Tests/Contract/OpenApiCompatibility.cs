using System.Text.Json;

namespace CommunityFund.Api.Tests.Contract;

/// <summary>
/// The breaking changes between two OpenAPI documents, from a client's point of view (docs/api-versioning.md): an
/// operation or success status gone; a required parameter or request property added; a request property removed (the
/// API refuses unknown members); a response property removed; a type or format changed; an enum value removed from
/// what a client may send or read. Additions a client can ignore are not breaking.
/// </summary>
public static class OpenApiCompatibility
{
    /// <summary>Every breaking change, one line each (stable text, so an announcement can name it).</summary>
    public static IReadOnlyList<string> BreakingChanges(JsonElement released, JsonElement current)
    {
        var changes = new List<string>();
        foreach (var path in released.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                if (!current.GetProperty("paths").TryGetProperty(path.Name, out var now) || !now.TryGetProperty(operation.Name, out var nowOperation))
                {
                    changes.Add($"{where}: operation removed");
                    continue;
                }

                var pair = new Pair(released, current, changes);
                pair.Parameters(where, operation.Value, nowOperation);
                pair.RequestBody(where, operation.Value, nowOperation);
                pair.Responses(where, operation.Value, nowOperation);
            }
        }

        // Schema names are part of the contract (generated clients name their types by them): one gone is a rename or a removal.
        if (released.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var schemas))
        {
            var kept = current.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s : default;
            changes.AddRange(schemas.EnumerateObject().Where(schema => kept.ValueKind != JsonValueKind.Object || !kept.TryGetProperty(schema.Name, out _))
                .Select(schema => $"schema {schema.Name} removed or renamed"));
        }

        return changes;
    }

    private sealed record Pair(JsonElement Released, JsonElement Current, List<string> Changes)
    {
        public void Parameters(string where, JsonElement before, JsonElement after)
        {
            var old = Params(before);
            foreach (var (key, parameter) in Params(after))
            {
                if (!old.ContainsKey(key) && parameter.TryGetProperty("required", out var required) && required.GetBoolean())
                {
                    Changes.Add($"{where}: required parameter {key} added");
                }
            }

            foreach (var (key, parameter) in old)
            {
                if (Params(after).TryGetValue(key, out var now) && parameter.TryGetProperty("schema", out var a) && now.TryGetProperty("schema", out var b))
                {
                    Schema($"{where}: parameter {key}", a, b, Direction.Request, 0);
                }
            }
        }

        public void RequestBody(string where, JsonElement before, JsonElement after)
        {
            if (Json(before, "requestBody") is { } a && Json(after, "requestBody") is { } b)
            {
                Schema($"{where}: request", a, b, Direction.Request, 0);
            }
            else if (!before.TryGetProperty("requestBody", out _) && after.TryGetProperty("requestBody", out var body) && body.TryGetProperty("required", out var required) && required.GetBoolean())
            {
                Changes.Add($"{where}: request body now required");
            }
        }

        public void Responses(string where, JsonElement before, JsonElement after)
        {
            foreach (var response in before.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
            {
                if (!after.GetProperty("responses").TryGetProperty(response.Name, out var now))
                {
                    Changes.Add($"{where}: response {response.Name} removed");
                }
                else if (Json(response.Value, null) is { } a && Json(now, null) is { } b)
                {
                    Schema($"{where}: response {response.Name}", a, b, Direction.Response, 0);
                }
            }
        }

        private void Schema(string where, JsonElement before, JsonElement after, Direction direction, int depth)
        {
            (before, after) = (Resolve(Released, before), Resolve(Current, after));
            if (depth > 12)
            {
                return;
            }

            if (Text(before, "type") != Text(after, "type") || Text(before, "format") != Text(after, "format"))
            {
                Changes.Add($"{where}: type {Text(before, "type")}/{Text(before, "format")} became {Text(after, "type")}/{Text(after, "format")}");
                return;
            }

            Enums(where, before, after);
            if (before.TryGetProperty("items", out var items) && after.TryGetProperty("items", out var nowItems))
            {
                Schema(where + "[]", items, nowItems, direction, depth + 1);
            }

            Properties(where, before, after, direction, depth);
        }

        private void Properties(string where, JsonElement before, JsonElement after, Direction direction, int depth)
        {
            var old = Props(before);
            var now = Props(after);
            foreach (var (name, schema) in old)
            {
                if (!now.TryGetValue(name, out var nowSchema))
                {
                    Changes.Add($"{where}: property {name} removed");
                }
                else
                {
                    Schema($"{where}.{name}", schema, nowSchema, direction, depth + 1);
                }
            }

            if (direction == Direction.Request)
            {
                var required = Required(before);
                Changes.AddRange(Required(after).Where(r => !required.Contains(r)).Select(r => $"{where}: property {r} now required"));
            }
        }

        private void Enums(string where, JsonElement before, JsonElement after)
        {
            if (before.TryGetProperty("enum", out var a) && after.TryGetProperty("enum", out var b))
            {
                var now = b.EnumerateArray().Select(v => v.ToString()).ToHashSet();
                Changes.AddRange(a.EnumerateArray().Select(v => v.ToString()).Where(v => !now.Contains(v)).Select(v => $"{where}: enum value {v} removed"));
            }
        }
    }

    private enum Direction
    {
        Request,
        Response,
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var i = 0; i < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); i++)
        {
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("allOf", out var all) && all.GetArrayLength() == 1)
        {
            return Resolve(document, all[0]);
        }

        return schema;
    }

    private static JsonElement? Json(JsonElement owner, string? property)
    {
        var holder = property is null ? owner : owner.TryGetProperty(property, out var p) ? p : default;
        return holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("content", out var content)
            && content.TryGetProperty("application/json", out var json) && json.TryGetProperty("schema", out var schema) ? schema : null;
    }

    private static Dictionary<string, JsonElement> Params(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().ToDictionary(p => $"{p.GetProperty("in").GetString()}:{p.GetProperty("name").GetString()}")
            : [];

    private static Dictionary<string, JsonElement> Props(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties)
            ? properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value)
            : [];

    private static HashSet<string> Required(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!)] : [];

    private static string? Text(JsonElement schema, string property) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(property, out var value) ? value.ToString() : null;
}
