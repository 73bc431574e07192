namespace CommunityFund.Api.Apis;

/// <summary>The answer of a health probe.</summary>
/// <param name="Status"><c>ok</c> (live) or <c>ready</c>.</param>
public sealed record HealthDto(string Status);
