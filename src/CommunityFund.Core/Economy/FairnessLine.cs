namespace CommunityFund.Economy;

/// <summary>One party's line of the fairness report: what it was paid against its exact entitlement.</summary>
/// <param name="Party">The party.</param>
/// <param name="BasisPoints">Its share.</param>
/// <param name="Paid">What its parts add up to.</param>
/// <param name="Exact">Its exact entitlement: the cumulative base × its share, unrounded (in yuan).</param>
/// <param name="Drift">Paid − exact, in yuan; always strictly within ±0.01.</param>
public sealed record FairnessLine(DistributionParty Party, int BasisPoints, Money Paid, decimal Exact, decimal Drift)
{
    /// <summary><c>true</c> when the drift is less than one fen.</summary>
    public bool WithinOneFen => Math.Abs(Drift) < 0.01m;
}
