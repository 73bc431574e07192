using System.Collections.Frozen;
using System.Reflection;
using System.Xml.Linq;
using CommunityFund.Api.Imports.Statements;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Posting;

namespace CommunityFund.Api;

/// <summary>
/// Every error code the API documents (docs/errors.md), with the HTTP status it is answered with and its meaning in
/// English (the summary of its constant's XML documentation). The books' codes (<see cref="ErrorCodes"/>,
/// <see cref="EconomyErrorCodes"/>, <see cref="CommunityErrorCodes"/>) take their status from their form
/// (<see cref="BooksStatus"/>); the HTTP layer's (<see cref="ApiErrorCodes"/>, <see cref="StatementErrorCodes"/>)
/// from their <see cref="AnsweredWithAttribute"/>.
/// </summary>
public static class ErrorCodeCatalogue
{
    private static readonly Type[] Books = [typeof(ErrorCodes), typeof(EconomyErrorCodes), typeof(CommunityErrorCodes)];
    private static readonly Type[] Http = [typeof(ApiErrorCodes), typeof(StatementErrorCodes)];
    private static readonly Lazy<FrozenDictionary<string, Entry>> Entries = new(Load);

    /// <summary>Every documented code.</summary>
    public static IReadOnlyCollection<string> Codes => Entries.Value.Keys;

    /// <summary>Whether <paramref name="code"/> is a documented code.</summary>
    /// <param name="code">The code.</param>
    /// <returns><c>true</c> when docs/errors.md lists it.</returns>
    public static bool IsDocumented(string code) => Entries.Value.ContainsKey(code);

    /// <summary>The HTTP status a documented code is answered with; 0 when the status varies (the problem says it).</summary>
    /// <param name="code">A documented code.</param>
    /// <returns>The status.</returns>
    public static int StatusOf(string code) =>
        Entries.Value.TryGetValue(code, out var entry) ? entry.Status : throw new ArgumentException($"'{code}' is not a documented error code.", nameof(code));

    /// <summary>The meaning of a documented code in English (its constant's documentation), or <c>null</c> when the
    /// documentation files are not beside the assemblies.</summary>
    /// <param name="code">A documented code.</param>
    /// <returns>The meaning.</returns>
    public static string? Meaning(string code) => Entries.Value.TryGetValue(code, out var entry) ? entry.Meaning : null;

    /// <summary>The status of a refusal of the books by the form of its code: 404 for a missing object
    /// (<c>*.not_found</c>), 409 for an idempotency conflict, a busy ledger and a duplicate (<c>*.exists</c>), 422 for
    /// any other broken rule.</summary>
    /// <param name="code">The code.</param>
    /// <returns>The status.</returns>
    public static int BooksStatus(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.EndsWith(".not_found", StringComparison.Ordinal) ? StatusCodes.Status404NotFound
            : code is ErrorCodes.IdempotencyConflict or ErrorCodes.LedgerBusy || code.EndsWith(".exists", StringComparison.Ordinal) ? StatusCodes.Status409Conflict
            : StatusCodes.Status422UnprocessableEntity;
    }

    private static FrozenDictionary<string, Entry> Load()
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var type in Books.Concat(Http))
        {
            var docs = Documentation(type.Assembly);
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                var code = (string)field.GetRawConstantValue()!;
                var status = Books.Contains(type) ? BooksStatus(code) : field.GetCustomAttribute<AnsweredWithAttribute>()?.Status ?? 0;
                entries[code] = new Entry(status, docs.GetValueOrDefault($"F:{type.FullName}.{field.Name}"));
            }
        }

        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The summaries of an assembly's documentation file (beside it), by member id; empty without one.</summary>
    private static Dictionary<string, string> Documentation(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path))
        {
            return [];
        }

        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Element("summary") is not null && ((string?)m.Attribute("name"))?.StartsWith("F:", StringComparison.Ordinal) == true)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Text(m.Element("summary")!), StringComparer.Ordinal);
    }

    /// <summary>A summary as one line of text: <c>code</c> in backticks, a <c>see</c> by its last name.</summary>
    /// <param name="summary">The summary element.</param>
    /// <returns>The text.</returns>
    public static string Text(XElement summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var words = string.Concat(summary.Nodes().Select(n => n switch
        {
            XElement { Name.LocalName: "see" } see => ((string?)see.Attribute("cref"))?.Split('.')[^1] ?? ((string?)see.Attribute("langword")) ?? string.Empty,
            XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
            XElement element => element.Value,
            _ => n.ToString(),
        }));
        return string.Join(' ', words.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed record Entry(int Status, string? Meaning);
}
