using System.Collections.Immutable;

namespace CommunityFund.Publishing;

/// <summary>A published month as it is read: the publication, never changed, and the corrections made to the month
/// since (reversals of its journals), newest last.</summary>
/// <param name="Publication">The publication.</param>
/// <param name="Corrections">The correction notes.</param>
public sealed record PublishedMonth(Publication Publication, ImmutableArray<CorrectionNote> Corrections);
