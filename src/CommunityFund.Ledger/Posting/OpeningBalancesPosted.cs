using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>The opening journals posted by <see cref="OpeningBalances"/>: one per entity of the file.</summary>
/// <param name="Date">Their date: the day before the books start.</param>
/// <param name="Journals">The journals, in entity order.</param>
public sealed record OpeningBalancesPosted(LocalDate Date, ImmutableArray<Journal> Journals);
