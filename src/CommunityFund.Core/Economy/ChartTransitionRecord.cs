using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>What a 民非 entity's move to the revised chart did (ADR 0021).</summary>
/// <param name="Entity">The entity.</param>
/// <param name="FromVersion">The chart it left, <see cref="ChartTemplates.NpoCnVersion"/>.</param>
/// <param name="ToVersion">The chart it keeps from then on, <see cref="ChartTemplates.NpoCn2026Version"/>.</param>
/// <param name="Date">The transition day.</param>
/// <param name="Journal">The transition journal, or <c>null</c> when no balance had to be reclassified.</param>
/// <param name="Rules">The reclassification rules the journal applied.</param>
public sealed record ChartTransitionRecord(EntityId Entity, string FromVersion, string ToVersion, LocalDate Date, JournalId? Journal, ImmutableArray<string> Rules);
