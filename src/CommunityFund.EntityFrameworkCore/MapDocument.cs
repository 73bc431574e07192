using System.Text.Json;

namespace CommunityFund.EntityFrameworkCore;

/// <summary>The JSON form of string maps (dimensions, metadata): an object with keys in ordinal order.</summary>
internal static class MapDocument
{
    internal static string Write(IEnumerable<KeyValuePair<string, string>> map) =>
        JsonSerializer.Serialize(map.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));

    internal static Dictionary<string, string> Read(string json) =>
        string.IsNullOrEmpty(json) || json == "{}" ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
