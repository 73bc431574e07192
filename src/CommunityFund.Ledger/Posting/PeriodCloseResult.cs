using System.Collections.Immutable;
using CommunityFund.Utility;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>The result of closing a period.</summary>
/// <param name="Closed"><c>true</c> when the period is now closed.</param>
/// <param name="ClosedThrough">The new lock date, when closed.</param>
/// <param name="Errors">Why it was refused, otherwise empty.</param>
public sealed record PeriodCloseResult(bool Closed, LocalDate? ClosedThrough, ImmutableArray<PostingError> Errors)
{
    internal static PeriodCloseResult Refused(string code, string message) => new(false, null, [new PostingError(code, message, "period")]);
}
