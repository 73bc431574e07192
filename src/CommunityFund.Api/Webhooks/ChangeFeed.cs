using CommunityFund.Api.Apis;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// The change feed of a ledger (ADR 0018): one event per journal and one per period close, in commit order. Nothing is
/// written for it: the journals are a commit-ordered log written in the same transaction as everything a command
/// writes, and each period close leaves its record (<see cref="PeriodCloseRecord"/>) in the transaction that moved the
/// lock, after the journal that was the head then. The feed merges the two: an event's position counts the journals
/// and the closes before it, gapless, and never changes once answered (a new close only ever follows the head).
/// </summary>
/// <param name="store">The books.</param>
public sealed class ChangeFeed(ILedgerStore store)
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
            var passed = (await ClosesAsync(ledger, cancellationToken).ConfigureAwait(false)).Count(c => c.Position <= cursor);
            var size = onlyEntity is null ? limit - events.Count : 500;
            var page = await store.ReadJournalsAsync(ledger, cursor - passed, size, cancellationToken).ConfigureAwait(false);
            // Listed after the journals were read: every close that came before one of them is known.
            var items = Merge(page, await ClosesAsync(ledger, cancellationToken).ConfigureAwait(false), passed, page.Count < size);
            if (items.Count == 0)
            {
                break;
            }

            foreach (var (position, journal, close) in items)
            {
                cursor = position;
                scanned++;
                if (close is not null || onlyEntity is null || journal!.Lines.Any(l => l.Entity.Value == onlyEntity))
                {
                    events.Add(close is not null ? EventDto.FromClose(close, ledger, position) : EventDto.FromJournal(journal!, position, onlyEntity));
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
        return state.Head.Sequence + (await ClosesAsync(state.Definition.Id, cancellationToken).ConfigureAwait(false)).Count;
    }

    /// <summary>The closes, in commit order, each with its position: after its journal and the closes before it.</summary>
    private async Task<List<(PeriodCloseRecord Record, long Position)>> ClosesAsync(LedgerId ledger, CancellationToken cancellationToken) =>
        [.. (await PeriodCloseRecords.ListAsync(store, ledger, cancellationToken).ConfigureAwait(false)).Select((close, i) => (close, close.AfterSequence + i + 1))];

    /// <summary>A page of journals with the closes among them (from the first close not yet passed), in feed order;
    /// at the end of the log, the closes after its last journal too.</summary>
    private static List<(long Position, Journal? Journal, PeriodCloseRecord? Close)> Merge(
        IReadOnlyList<Journal> page, List<(PeriodCloseRecord Record, long Position)> closes, int passed, bool end)
    {
        var items = new List<(long, Journal?, PeriodCloseRecord?)>();
        var next = passed;
        foreach (var journal in page)
        {
            for (; next < closes.Count && closes[next].Record.AfterSequence < journal.Sequence; next++)
            {
                items.Add((closes[next].Position, null, closes[next].Record));
            }

            items.Add((journal.Sequence + next, journal, null));
        }

        for (; end && next < closes.Count; next++)
        {
            items.Add((closes[next].Position, null, closes[next].Record));
        }

        return items;
    }
}
