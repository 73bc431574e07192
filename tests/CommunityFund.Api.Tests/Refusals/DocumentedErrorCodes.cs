using System.Reflection;
using CommunityFund.Api.Imports.Statements;
using CommunityFund.Community;
using CommunityFund.Economy;
using CommunityFund.Posting;

namespace CommunityFund.Api.Tests.Refusals;

/// <summary>A documented error code: its constant, the table of docs/errors.md it is in, and the HTTP status the API
/// answers it with (0 when the status varies).</summary>
public sealed record DocumentedErrorCode(string Code, string Name, Type Constants, int Status);

/// <summary>The error codes docs/errors.md documents, read from the code constants as <see cref="ErrorCodesDocTests"/>
/// renders them.</summary>
public static class DocumentedErrorCodes
{
    /// <summary>The constants classes of the books' refusals (the status follows from the code).</summary>
    public static IReadOnlyList<Type> BooksCodes { get; } = [typeof(ErrorCodes), typeof(EconomyErrorCodes), typeof(CommunityErrorCodes)];

    /// <summary>The constants classes of the HTTP layer (the status is each constant's <see cref="AnsweredWithAttribute"/>).</summary>
    public static IReadOnlyList<Type> ApiCodes { get; } = [typeof(ApiErrorCodes), typeof(StatementErrorCodes)];

    /// <summary>Every documented code.</summary>
    public static IReadOnlyList<DocumentedErrorCode> All { get; } =
    [
        .. BooksCodes.SelectMany(type => Constants(type).Select(c => new DocumentedErrorCode(c.Code, c.Name, type, ApiProblems.FromErrors([new PostingError(c.Code, "-")]).StatusCode))),
        .. ApiCodes.SelectMany(type => Constants(type).Select(c => new DocumentedErrorCode(c.Code, c.Name, type, type.GetField(c.Name)!.GetCustomAttribute<AnsweredWithAttribute>()!.Status))),
    ];

    /// <summary>The documented code <paramref name="code"/>.</summary>
    public static DocumentedErrorCode Get(string code) => All.Single(c => c.Code == code);

    /// <summary>The string constants of a codes class.</summary>
    public static IEnumerable<(string Name, string Code)> Constants(Type codes) =>
        codes.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (f.Name, (string)f.GetRawConstantValue()!));
}
