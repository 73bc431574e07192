using NodaTime;

namespace CommunityFund.Storage;

/// <summary>Where a page of an account's journals starts: just after the journal with this accounting date and sequence
/// (a register reads by date, then sequence).</summary>
/// <param name="Date">The accounting date of the last journal of the page before.</param>
/// <param name="Sequence">Its sequence.</param>
public sealed record JournalCursor(LocalDate Date, long Sequence)
{
    /// <summary>Whether a journal dated <paramref name="date"/> at <paramref name="sequence"/> comes after this cursor.</summary>
    /// <param name="date">The journal's accounting date.</param>
    /// <param name="sequence">Its sequence.</param>
    /// <returns><c>true</c> when it does.</returns>
    public bool Precedes(LocalDate date, long sequence) => date > Date || (date == Date && sequence > Sequence);

    /// <summary>The cursor as text: <c>yyyy-MM-dd.sequence</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Date:yyyy-MM-dd}.{Sequence}";

    /// <summary>Reads a cursor written by <see cref="ToString"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="cursor">The cursor, when the text is one.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryParse(string? text, out JournalCursor? cursor)
    {
        cursor = null;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot < 0
            || !NodaTime.Text.LocalDatePattern.Iso.Parse(text![..dot]).TryGetValue(default, out var date)
            || !long.TryParse(text[(dot + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        cursor = new JournalCursor(date, sequence);
        return true;
    }
}
