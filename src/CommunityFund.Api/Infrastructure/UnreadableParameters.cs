using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace CommunityFund.Api.Infrastructure;

/// <summary>
/// The route and query values a request sent that its endpoint cannot read into their declared types, found from the
/// endpoint's <see cref="IParameterBindingMetadata"/>. This answers a 400 that the binder left without a body: the request
/// delegate generator does so for an optional value such as <c>int?</c> that does not parse, where it throws
/// <see cref="BadHttpRequestException"/> for a required one.
/// </summary>
internal static class UnreadableParameters
{
    /// <summary>Each value sent that does not parse, by the name the request used, with the reason.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The values, empty when none can be named.</returns>
    public static Dictionary<string, string[]> Find(HttpContext context)
    {
        var found = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parameters = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [];
        foreach (var parameter in parameters.Where(p => p.HasTryParse))
        {
            var name = NameOf(parameter);
            var raw = context.Request.RouteValues.TryGetValue(name, out var routeValue) ? routeValue?.ToString() : context.Request.Query[name].ToString();
            var type = Nullable.GetUnderlyingType(parameter.ParameterInfo.ParameterType) ?? parameter.ParameterInfo.ParameterType;
            if (!string.IsNullOrEmpty(raw) && !Parses(type, raw))
            {
                found[name] = [$"'{name}' cannot be read as {Describe(type)}: '{raw}'."];
            }
        }

        return found;
    }

    /// <summary>The name in the request: the query name an attribute gives, else the parameter's.</summary>
    private static string NameOf(IParameterBindingMetadata parameter) =>
        parameter.ParameterInfo.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
        ?? parameter.ParameterInfo.GetCustomAttributes().OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
        ?? parameter.Name;

    /// <summary>Whether the type's own <c>TryParse</c> (with an invariant format provider, or without one) reads the text,
    /// as the binders call it.</summary>
    private static bool Parses(Type type, string raw)
    {
        if (type == typeof(string))
        {
            return true;
        }

        var withProvider = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (withProvider is not null)
        {
            return (bool)withProvider.Invoke(null, [raw, CultureInfo.InvariantCulture, null])!;
        }

        var plain = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        return plain is null || (bool)plain.Invoke(null, [raw, null])!;
    }

    private static string Describe(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) ? "a whole number"
        : type == typeof(decimal) ? "a number"
        : type == typeof(Guid) ? "an id (a UUID)"
        : type == typeof(bool) ? "true or false"
        : type.Name;
}
