namespace CommunityFund.Community;

/// <summary>What the fund holds as agent for one beneficiary.</summary>
/// <param name="Beneficiary">The beneficiary reference.</param>
/// <param name="Held">Assets held for them (1701).</param>
/// <param name="Owed">Liabilities to them (2601); always equal to <paramref name="Held"/>.</param>
public sealed record AgencyBalance(string Beneficiary, Money Held, Money Owed);
