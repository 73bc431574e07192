using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Storage;

/// <summary>A journal's place in a report read by accounting date, then journal id (the distribution report's order):
/// a page after it starts just after this journal.</summary>
/// <param name="Date">The journal's accounting date.</param>
/// <param name="Id">Its id.</param>
public sealed record DatedJournalId(LocalDate Date, JournalId Id)
{
    /// <summary>Whether a journal dated <paramref name="date"/> with id <paramref name="id"/> comes after this one.</summary>
    /// <param name="date">The journal's accounting date.</param>
    /// <param name="id">Its id.</param>
    /// <returns><c>true</c> when it does.</returns>
    public bool Precedes(LocalDate date, JournalId id) => date > Date || (date == Date && id.CompareTo(Id) > 0);
}
