namespace CommunityFund.Community;

/// <summary>The space of a lease.</summary>
/// <param name="Name">What it is called (e.g. "Community living room, 2F").</param>
/// <param name="AreaSquareMetres">Its area in m² (greater than zero, at most two decimals).</param>
public sealed record LeasedSpace(string Name, decimal AreaSquareMetres);
