namespace CommunityFund.Reports;

/// <summary>An amount from one source, or to one project.</summary>
/// <param name="Source">The source or project.</param>
/// <param name="Amount">The amount.</param>
public sealed record SourceAmount(string Source, Money Amount);
