using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>The distributions of one provider in one month under one policy version.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Month">The month.</param>
/// <param name="PolicyReference">The policy id and version.</param>
/// <param name="Distributions">How many distributions.</param>
/// <param name="Base">Their base.</param>
/// <param name="Parts">Each party's share, in fen.</param>
/// <param name="Reversed">Each party's share reversed by refunds dated in the month, in fen.</param>
public sealed record DistributionPeriodRow(EntityId Provider, YearMonth Month, string PolicyReference, int Distributions, Money Base, SharePartition Parts, SharePartition Reversed);
