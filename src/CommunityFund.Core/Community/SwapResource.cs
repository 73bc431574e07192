namespace CommunityFund.Community;

/// <summary>A resource handed over in a swap, valued per month.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Description">Which one (e.g. "multi-function hall, Tue/Thu evenings").</param>
/// <param name="MonthlyValue">Its fair value per month, with its basis.</param>
public sealed record SwapResource(ResourceKind Kind, string Description, FairValue MonthlyValue);
