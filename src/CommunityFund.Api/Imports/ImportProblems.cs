using CommunityFund.Api.Apis;
using CommunityFund.Posting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CommunityFund.Api.Imports;

/// <summary>The problems of imported files: RFC 9457 with a <c>lines</c> extension listing every bad cell (line number,
/// column, code, reason).</summary>
internal static class ImportProblems
{
    /// <summary>The extension's name.</summary>
    internal const string LinesExtension = "lines";

    /// <summary>422 <see cref="ApiErrorCodes.ImportHeaderInvalid"/> for a header's problems.</summary>
    /// <param name="line">The header's line.</param>
    /// <param name="problems">Each problem's column and reason.</param>
    /// <returns>The problem.</returns>
    internal static ProblemHttpResult Header(int line, IReadOnlyList<(string Column, string Reason)> problems)
    {
        var problem = ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiErrorCodes.ImportHeaderInvalid,
            $"The header (line {line}) is not this import's: " + string.Join(" ", problems.Select(p => p.Reason)));
        problem.ProblemDetails.Extensions[LinesExtension] = problems.Select(p => new LineProblemDto(line, p.Column, ApiErrorCodes.ImportHeaderInvalid, p.Reason)).ToList();
        return problem;
    }

    /// <summary>The books' refusal (<see cref="ApiProblems.FromErrors"/>), with every error that names a line of the
    /// file (<see cref="OpeningBalanceColumns.Field"/>) in <c>lines</c>, in line order.</summary>
    /// <param name="errors">The refusal.</param>
    /// <returns>The problem.</returns>
    internal static ProblemHttpResult FromErrors(IReadOnlyList<PostingError> errors)
    {
        var problem = ApiProblems.FromErrors(errors);
        var lines = errors
            .Select(e => OpeningBalanceColumns.TryParseField(e.Field, out var line, out var column) ? new LineProblemDto(line, column, e.Code, e.Message) : null)
            .OfType<LineProblemDto>()
            .OrderBy(l => l.Line)
            .ToList();
        if (lines.Count > 0)
        {
            problem.ProblemDetails.Extensions[LinesExtension] = lines;
        }

        return problem;
    }
}
