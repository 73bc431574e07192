using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Economy;

/// <summary>
/// The changes one economy command leaves behind once its journals are posted: sale records, the carried
/// remainders of a distribution stream, statements. A store applies them together.
/// </summary>
public sealed record EconomyChanges
{
    /// <summary>Sale records to insert or replace.</summary>
    public ImmutableList<SaleRecord> Sales { get; init; } = [];

    /// <summary>Carries to set, keyed by (provider, policy reference).</summary>
    public ImmutableDictionary<(EntityId Provider, string PolicyReference), ImmutableArray<long>> Carries { get; init; } =
        ImmutableDictionary<(EntityId Provider, string PolicyReference), ImmutableArray<long>>.Empty;

    /// <summary>Statements to insert or replace.</summary>
    public ImmutableList<SettlementStatement> Statements { get; init; } = [];

    /// <summary>Package versions to store (a version is never rewritten).</summary>
    public ImmutableList<ServicePackage> Packages { get; init; } = [];

    /// <summary>Distribution policy versions to store: new ones, and an open one ended by a new version.</summary>
    public ImmutableList<DistributionPolicy> Policies { get; init; } = [];

    /// <summary>Other typed records to insert or replace, already written by their <see cref="Storage.RecordType{T}"/>
    /// (payment-reference index, statement rows, payment matches).</summary>
    public ImmutableList<Storage.LedgerDocument> Records { get; init; } = [];

    /// <summary>Payment matches to record, written after <see cref="Records"/>; each is encoded
    /// (<see cref="EconomyRecords.PaymentMatch"/>) only as the store writes it, so a large match is never held as JSON
    /// whole.</summary>
    internal ImmutableArray<PaymentMatch> Matches { get; init; } = [];
}
