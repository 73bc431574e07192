using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>A posted journal's place and facts without its lines: what a report's page needs to find the records a
/// journal belongs to (its metadata names them), read without the lines and the chain's columns.</summary>
/// <param name="Sequence">The journal's sequence in its ledger.</param>
/// <param name="Id">Its id.</param>
/// <param name="AccountingDate">Its accounting date.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Metadata">Its metadata.</param>
public sealed record JournalHead(long Sequence, JournalId Id, LocalDate AccountingDate, JournalKind Kind, ImmutableSortedDictionary<string, string> Metadata)
{
    /// <summary>The head of a journal read whole.</summary>
    /// <param name="journal">The journal.</param>
    /// <returns>Its head.</returns>
    public static JournalHead Of(Journal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return new JournalHead(journal.Sequence, journal.Id, journal.AccountingDate, journal.Kind, journal.Metadata);
    }
}
