using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>A journal not yet posted.</summary>
/// <param name="AccountingDate">The accounting date; must fall in an open period.</param>
/// <param name="Kind">What it records; <see cref="JournalKind.Reversal"/> is reserved for the reversal command.</param>
/// <param name="Memo">The description (摘要), at most <see cref="PostingLimits.MaxMemoLength"/> characters.</param>
/// <param name="Lines">At least two lines, balancing per entity and unit.</param>
public sealed record JournalDraft(LocalDate AccountingDate, JournalKind Kind, string Memo, ImmutableArray<LineDraft> Lines)
{
    /// <summary>A reference to the source document or event, if any.</summary>
    public string? SourceReference { get; init; }

    /// <summary>Structured facts to record with the journal (hashed with it).</summary>
    public ImmutableSortedDictionary<string, string> Metadata { get; init; } = JournalMetadata.Empty;
}
