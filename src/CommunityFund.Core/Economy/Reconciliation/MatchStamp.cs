using NodaTime;

namespace CommunityFund.Economy;

/// <summary>What each new match of a run is made with: its id, who asked, when.</summary>
/// <param name="NewId">The next id.</param>
/// <param name="By">Who asks, or <c>null</c>.</param>
/// <param name="At">When, or <c>null</c>.</param>
internal sealed record MatchStamp(Func<string> NewId, string? By, Instant? At);
