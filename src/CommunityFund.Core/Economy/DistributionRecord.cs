using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>One distribution of recognised revenue: what it was based on and how it was split.</summary>
/// <param name="Journal">The distribution journal.</param>
/// <param name="Date">Its accounting date.</param>
/// <param name="Base">The revenue distributed (excluding VAT).</param>
/// <param name="Parts">The parts.</param>
/// <param name="PolicyReference">The policy id and version, <c>id@version</c>.</param>
/// <param name="Rounding">The rounding rule used.</param>
/// <remarks>A record exists for every distributable amount recognised, also when the hub's and the fund's parts are both
/// zero (a 1-fen sale under carry-forward): then no distribution journal is needed, <paramref name="Journal"/> is the
/// sale or delivery journal itself, and the record still carries the carry state the next distribution starts from.</remarks>
public sealed record DistributionRecord(JournalId Journal, LocalDate Date, Money Base, SharePartition Parts, string PolicyReference, RoundingRule Rounding)
{
    /// <summary>The carry-forward state after this distribution (per share of the policy, in the allocator's units);
    /// empty for records written before it was kept.</summary>
    public ImmutableArray<long> CarryAfter { get; init; } = [];

    /// <summary>The output VAT, in fen, included in the hub's part when the hub has a VAT status (ADR 0022): the hub's
    /// revenue is the part less it. <c>null</c> when the hub has no status (its part is all revenue, as before).</summary>
    public long? HubVat { get; init; }
}
