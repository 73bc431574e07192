namespace CommunityFund.Api.Imports.Statements;

/// <summary>One problem of a statement file.</summary>
/// <param name="Line">The line of the file (1-based; 0 for the file as a whole, such as a column mapping that cannot work).</param>
/// <param name="Column">The column at fault, as the file or the mapping names it, or <c>null</c> for the whole line.</param>
/// <param name="Code">One of <see cref="StatementErrorCodes"/>.</param>
/// <param name="Reason">What is wrong, in English, with the values involved.</param>
public sealed record StatementProblem(int Line, string? Column, string Code, string Reason);
