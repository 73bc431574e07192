using CommunityFund.Ledger;
using CommunityFund.Posting;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>An event of the change feed: one committed journal, one period close or one publication (ADR 0018).</summary>
/// <param name="Id">The event's id: its journal's id, or the close's (de-duplicate deliveries on it).</param>
/// <param name="Position">Its position in the feed, gapless per ledger: the journals and the period closes before it, and
/// itself.</param>
/// <param name="Type">What happened, such as <c>sale.recorded</c> (docs/webhooks.md lists every type).</param>
/// <param name="Ledger">The ledger.</param>
/// <param name="Kind">The journal's kind (<c>periodClose</c> for the events that are not journals: a period close, and the
/// publication of a closed month).</param>
/// <param name="Date">The accounting date (of a close: the last day closed).</param>
/// <param name="RecordedAt">When it was committed.</param>
/// <param name="Entities">The entities it concerns (for a provider key, only its own; none for a close).</param>
/// <param name="Amounts">The amount per unit: the journal's total debits (for a provider key, of its own lines; none for a close).</param>
/// <param name="SourceReference">The source document, such as <c>sale:…</c>, <c>statement:…</c> or <c>period:2026-05</c>, if any.</param>
/// <param name="Memo">The journal's description (摘要).</param>
/// <param name="Journal">The journal's address in this API (<c>null</c> for a period close).</param>
/// <param name="Journals">For a period close, the addresses of the closing journals it posted (their own events are
/// <c>closing.posted</c>); for a publication, the publication's address; otherwise empty.</param>
public sealed record EventDto(Guid Id, long Position, string Type, string Ledger, JournalKind Kind, LocalDate Date, Instant RecordedAt,
    IReadOnlyList<string> Entities, IReadOnlyList<Money> Amounts, string? SourceReference, string Memo, string? Journal, IReadOnlyList<string> Journals)
{
    /// <summary>The event of a period close.</summary>
    public static EventDto FromClose(PeriodCloseRecord close, LedgerId ledger, long position)
    {
        ArgumentNullException.ThrowIfNull(close);
        var period = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{close.Period.Year:0000}-{close.Period.Month:00}");
        return new(close.Id, position, Webhooks.EventTypes.PeriodClosed, ledger.Value, CommunityFund.Ledger.JournalKind.PeriodClose.ToWire(), close.ClosedThrough, close.ClosedAt, [], [],
            $"period:{period}", $"Period {period} closed", null, [.. close.ClosingJournals.Select(j => $"/ledgers/{ledger}/journals/{j}")]);
    }

    /// <summary>The event of a month's publication: no journal, the fund as its entity, the month's last day as its date.</summary>
    public static EventDto FromPublication(Publishing.Publication publication, long position)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var period = NodaTime.Text.YearMonthPattern.Iso.Format(publication.Period);
        return new(publication.Id, position, Webhooks.EventTypes.PublicationPublished, publication.Ledger.Value, CommunityFund.Ledger.JournalKind.PeriodClose.ToWire(),
            publication.Period.OnDayOfMonth(1).PlusMonths(1).PlusDays(-1), publication.PublishedAt, [publication.Figures.Fund.Value], [], $"publication:{period}",
            $"公示 {period} published", null, [$"/ledgers/{publication.Ledger}/publications/{period}"]);
    }

    /// <summary>The event of a journal at its feed position; with <paramref name="onlyEntity"/>, as that entity sees it.</summary>
    public static EventDto FromJournal(Journal journal, long position, string? onlyEntity = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var lines = journal.Lines.Where(l => onlyEntity is null || l.Entity.Value == onlyEntity).ToList();
        var amounts = lines.GroupBy(l => l.Amount.Currency.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Money.FromMinorUnits(Math.Max(Sum(g, CommunityFund.Ledger.Side.Debit), Sum(g, CommunityFund.Ledger.Side.Credit)), g.First().Amount.Currency)).ToList();
        return new(journal.Id.Value, position, Webhooks.EventTypes.Of(journal), journal.Ledger.Value, journal.Kind.ToWire(), journal.AccountingDate, journal.RecordedAt,
            [.. lines.Select(l => l.Entity.Value).Distinct(StringComparer.Ordinal)], amounts, journal.SourceReference, journal.Memo,
            $"/ledgers/{journal.Ledger}/journals/{journal.Id}", []);
    }

    private static long Sum(IEnumerable<JournalLine> lines, CommunityFund.Ledger.Side side) => lines.Where(l => l.Side == side).Sum(l => l.Amount.MinorUnits);
}

/// <summary>A page of the change feed.</summary>
/// <param name="Events">The events, in commit order.</param>
/// <param name="Next">The position to pass as <c>after</c> for the next page (the same as <c>after</c> when the page is empty: poll again later).</param>
public sealed record EventPage(IReadOnlyList<EventDto> Events, long Next);

/// <summary>The page of the change feed asked for (query parameters).</summary>
/// <param name="After">The position after which the page starts (0, the default, for the beginning).</param>
/// <param name="Limit">The most events, 1 to 1000 (default 100).</param>
public sealed record EventQuery([FromQuery(Name = "after")] long? After, [FromQuery(Name = "limit")] int? Limit);
