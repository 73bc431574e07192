using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CommunityFund.Api;

/// <summary>
/// The Chinese catalogue of problems (the embedded <c>problem-catalogue-zh.json</c>): for every error code a title and a detail
/// sentence, with the figures a refusal was decided on where it has them; for every audit finding its meaning; titles
/// by HTTP status for codes that have none. Codes never change; only their words do.
/// </summary>
public static class ProblemCatalogue
{
    private static readonly Lazy<Catalogue> Zh = new(Load);

    /// <summary>The codes with a Chinese title and detail.</summary>
    public static IReadOnlyCollection<string> ProblemCodes => Zh.Value.Problems.Keys;

    /// <summary>The audit finding codes with a Chinese meaning.</summary>
    public static IReadOnlyCollection<string> FindingCodes => Zh.Value.Findings.Keys;

    /// <summary>The Chinese title of a code, or of the status when the code has none.</summary>
    /// <param name="code">The problem's code.</param>
    /// <param name="status">The HTTP status.</param>
    /// <returns>The title.</returns>
    public static string Title(string code, int status) =>
        Zh.Value.Problems.TryGetValue(code, out var entry) ? entry.Title
            : Zh.Value.StatusTitles.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture), "错误");

    /// <summary>The Chinese detail of a code: its sentence with <c>{name}</c> placeholders filled from
    /// <paramref name="values"/>, then the figures (in its own words when the catalogue has them), then the field.</summary>
    /// <param name="code">The problem's code.</param>
    /// <param name="values">Values for the sentence's placeholders, or <c>null</c>.</param>
    /// <param name="figures">The figures the refusal was decided on, or <c>null</c>.</param>
    /// <param name="field">The field it concerns, or <c>null</c>.</param>
    /// <returns>The detail, or <c>null</c> when the catalogue does not know the code.</returns>
    public static string? Detail(string code, IReadOnlyDictionary<string, string>? values = null, IReadOnlyDictionary<string, string>? figures = null, string? field = null)
    {
        if (!Zh.Value.Problems.TryGetValue(code, out var entry))
        {
            return null;
        }

        var text = new StringBuilder(Fill(entry.Detail, values));
        if (figures is { Count: > 0 })
        {
            text.Append(entry.Figures is { } template && Fill(template, figures) is var filled && !filled.Contains('{', StringComparison.Ordinal)
                ? filled
                : "相关数值：" + string.Join("，", figures.Select(f => $"{Zh.Value.FigureNames.GetValueOrDefault(f.Key, f.Key)} {f.Value}")) + "。");
        }

        if (!string.IsNullOrEmpty(field))
        {
            text.Append($"（字段：{field}）");
        }

        return text.ToString();
    }

    /// <summary>The Chinese meaning of an audit finding code, or <c>null</c>.</summary>
    /// <param name="code">The finding's code.</param>
    /// <returns>The meaning.</returns>
    public static string? Finding(string code) => Zh.Value.Findings.GetValueOrDefault(code);

    private static string Fill(string template, IReadOnlyDictionary<string, string>? values) =>
        values is null ? template : values.Aggregate(template, (text, value) => text.Replace("{" + value.Key + "}", value.Value, StringComparison.Ordinal));

    private static Catalogue Load()
    {
        using var stream = typeof(ProblemCatalogue).Assembly.GetManifestResourceStream("CommunityFund.Api.problem-catalogue-zh.json")
            ?? throw new InvalidOperationException("The embedded problem-catalogue-zh.json is missing.");
        var file = JsonSerializer.Deserialize<CatalogueFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException("problem-catalogue-zh.json is empty.");
        return new Catalogue(file.Problems.ToFrozenDictionary(StringComparer.Ordinal), file.Findings.ToFrozenDictionary(StringComparer.Ordinal),
            file.StatusTitles.ToFrozenDictionary(StringComparer.Ordinal), file.FigureNames.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private sealed record Catalogue(
        FrozenDictionary<string, Entry> Problems, FrozenDictionary<string, string> Findings, FrozenDictionary<string, string> StatusTitles, FrozenDictionary<string, string> FigureNames);

    private sealed record CatalogueFile(
        Dictionary<string, Entry> Problems, Dictionary<string, string> Findings, Dictionary<string, string> StatusTitles, Dictionary<string, string> FigureNames);

    private sealed record Entry(string Title, string Detail, string? Figures);
}
