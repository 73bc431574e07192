using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Api.Apis;

/// <summary>The query values the read endpoints share: dates (<c>yyyy-MM-dd</c>) and <c>format</c>.</summary>
internal static class QueryValues
{
    /// <summary>Parses an optional date.</summary>
    /// <returns><c>false</c> when <paramref name="text"/> is given and not a date.</returns>
    internal static bool TryDate(string? text, out LocalDate? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        var parsed = LocalDatePattern.Iso.Parse(text);
        date = parsed.Success ? parsed.Value : null;
        return parsed.Success;
    }

    /// <summary>The 400 for a date that is not <c>yyyy-MM-dd</c>, or a range out of order.</summary>
    internal static ProblemHttpResult BadDate() =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "Dates are given as yyyy-MM-dd ('asOf', or 'from' on or before 'to').",
            new Dictionary<string, string[]> { ["date"] = ["Dates are given as yyyy-MM-dd ('asOf', or 'from' on or before 'to')."] });

    /// <summary>The 400 for a <c>format</c> other than <c>csv</c>, or <c>null</c>.</summary>
    internal static ProblemHttpResult? BadFormat(string? format) =>
        format is null or "csv"
            ? null
            : ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "'format' is 'csv', or absent for JSON.",
                new Dictionary<string, string[]> { ["format"] = ["'format' is 'csv', or absent for JSON."] });
    /// <summary>Parses a month (<c>yyyy-MM</c>), or <c>null</c> when <paramref name="text"/> is not one.</summary>
    internal static NodaTime.YearMonth? Month(string text) =>
        NodaTime.Text.YearMonthPattern.CreateWithInvariantCulture("uuuu-MM").Parse(text) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>The 400 for a period that is not a month.</summary>
    internal static ProblemHttpResult BadMonth() =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationFailed, "'period' is a month such as 2026-03.",
            new Dictionary<string, string[]> { ["period"] = ["'period' is a month such as 2026-03."] });
}

/// <summary>A date range in the query: <c>from</c> and <c>to</c> (<c>yyyy-MM-dd</c>). Settable properties rather than a
/// positional record: the request delegate generator binds <c>[AsParameters]</c> types through them.</summary>
public sealed record DateRangeQuery
{
    /// <summary>The first date.</summary>
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    /// <summary>The last date.</summary>
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    /// <summary>Both dates, given and in order.</summary>
    /// <returns><c>false</c> when either is missing or not a date, or they are out of order.</returns>
    internal bool TryRange(out LocalDate first, out LocalDate last)
    {
        (first, last) = (default, default);
        if (!QueryValues.TryDate(From, out var f) || !QueryValues.TryDate(To, out var l) || f is null || l is null || f > l)
        {
            return false;
        }

        (first, last) = (f.Value, l.Value);
        return true;
    }

    /// <summary>The optional bounds.</summary>
    /// <returns><c>false</c> when one is given and not a date.</returns>
    internal bool TryBounds(out LocalDate? first, out LocalDate? last)
    {
        last = null;
        return QueryValues.TryDate(From, out first) && QueryValues.TryDate(To, out last);
    }
}
