using CommunityFund.Api.Apis;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// The change feed of a ledger (ADR 0018): one event per journal, one per period close and one per publication, in
/// commit order. Nothing is written for it: the journals are a commit-ordered log written in the same transaction as
/// everything a command writes; each period close leaves its record (<see cref="PeriodCloseRecord"/>) in the transaction
/// that moved the lock, and each publication is written only while the head is where it was built from
/// (<see cref="ILedgerStore.PutDocumentsAtHeadAsync"/>) — both after the journal that was the head then. The feed merges
/// them: an event's position counts the journals, closes and publications before it, gapless, and never changes once
/// answered (a new close or publication only ever follows the head).
/// </summary>
/// <param name="store">The books.</param>
/// <param name="publications">The published months.</param>
public sealed class ChangeFeed(ILedgerStore store, Publishing.Publications publications)
{
    /// <summary>The events after <paramref name="after"/>, at most <paramref name="limit"/>, and the position to pass
    /// as <c>after</c> for the next page (the last position read, or <paramref name="after"/> when none was).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="after">The position after which the page starts (0 for the beginning).</param>
    /// <param name="limit">The most events to answer.</param>
    /// <param name="onlyEntity">For a provider, its entity: only events with a line of it, showing only its lines (and
    /// every period close).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The events and the next position.</returns>
    public async Task<(IReadOnlyList<EventDto> Events, long Next)> ReadAsync(LedgerId ledger, long after, int limit, string? onlyEntity, CancellationToken cancellationToken = default)
    {
        var events = new List<EventDto>();
        var cursor = after;
        var scanned = 0;
        while (events.Count < limit && scanned < Math.Max(limit * 20, 1_000))
        {
            var passed = (await MarksAsync(ledger, cancellationToken).ConfigureAwait(false)).Count(c => c.Position <= cursor);
            var size = onlyEntity is null ? limit - events.Count : 500;
            var page = await store.ReadJournalsAsync(ledger, cursor - passed, size, cancellationToken).ConfigureAwait(false);
            // Listed after the journals were read: every close that came before one of them is known.
            var items = Merge(page, await MarksAsync(ledger, cancellationToken).ConfigureAwait(false), passed, page.Count < size);
            if (items.Count == 0)
            {
                break;
            }

            foreach (var (position, journal, mark) in items)
            {
                cursor = position;
                scanned++;
                if (mark is not null || onlyEntity is null || journal!.Lines.Any(l => l.Entity.Value == onlyEntity))
                {
                    events.Add(mark is not null ? mark.Event(ledger, position) : EventDto.FromJournal(journal!, position, onlyEntity));
                    if (events.Count == limit)
                    {
                        break;
                    }
                }
            }
        }

        return (events, cursor);
    }

    /// <summary>The position of the feed's last event: the journals and the closes so far.</summary>
    /// <param name="state">The ledger's state.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The position.</returns>
    public async Task<long> HeadAsync(LedgerState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Head.Sequence + (await MarksAsync(state.Definition.Id, cancellationToken).ConfigureAwait(false)).Count;
    }

    /// <summary>The closes, in commit order, each with its position: after its journal and the closes before it.</summary>
    /// <summary>The events that are not journals (period closes and publications), each after the head it was written at,
    /// in that order (ties by when they were written), with their positions.</summary>
    private async Task<List<(Mark Record, long Position)>> MarksAsync(LedgerId ledger, CancellationToken cancellationToken)
    {
        var closes = (await PeriodCloseRecords.ListAsync(store, ledger, cancellationToken).ConfigureAwait(false))
            .Select(c => new Mark(c.AfterSequence, c.ClosedAt, (l, p) => EventDto.FromClose(c, l, p)));
        var published = (await publications.ListAsync(ledger, cancellationToken).ConfigureAwait(false))
            .Select(p => new Mark(p.Sequence, p.PublishedAt, (_, position) => EventDto.FromPublication(p, position)));
        return [.. closes.Concat(published).OrderBy(m => m.AfterSequence).ThenBy(m => m.At).Select((mark, i) => (mark, mark.AfterSequence + i + 1))];
    }

    private static List<(long Position, Journal? Journal, Mark? Mark)> Merge(
        IReadOnlyList<Journal> page, List<(Mark Record, long Position)> marks, int passed, bool end)
    {
        var items = new List<(long, Journal?, Mark?)>();
        var next = passed;
        foreach (var journal in page)
        {
            for (; next < marks.Count && marks[next].Record.AfterSequence < journal.Sequence; next++)
            {
                items.Add((marks[next].Position, null, marks[next].Record));
            }

            items.Add((journal.Sequence + next, journal, null));
        }

        for (; end && next < marks.Count; next++)
        {
            items.Add((marks[next].Position, null, marks[next].Record));
        }

        return items;
    }

    /// <summary>An event that is not a journal, written after the head at <see cref="AfterSequence"/>.</summary>
    private sealed record Mark(long AfterSequence, NodaTime.Instant At, Func<LedgerId, long, EventDto> Event);
}
