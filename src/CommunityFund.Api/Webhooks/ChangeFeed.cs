using CommunityFund.Api.Apis;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// The change feed of a ledger: one event per journal, in the journals' gapless sequence (ADR 0018). Nothing is
/// written for it: the journals already are a commit-ordered log written in the same transaction as everything a
/// command writes, so the feed only reads them.
/// </summary>
/// <param name="store">The books.</param>
public sealed class ChangeFeed(ILedgerStore store)
{
    /// <summary>The events after <paramref name="after"/>, at most <paramref name="limit"/>, and the position to pass
    /// as <c>after</c> for the next page (the last position read, or <paramref name="after"/> when none was).</summary>
    /// <param name="ledger">The ledger.</param>
    /// <param name="after">The position after which the page starts (0 for the beginning).</param>
    /// <param name="limit">The most events to answer.</param>
    /// <param name="onlyEntity">For a provider, its entity: only events with a line of it, showing only its lines.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The events and the next position.</returns>
    public async Task<(IReadOnlyList<EventDto> Events, long Next)> ReadAsync(LedgerId ledger, long after, int limit, string? onlyEntity, CancellationToken cancellationToken = default)
    {
        var events = new List<EventDto>();
        var cursor = after;
        var scanned = 0;
        while (events.Count < limit && scanned < Math.Max(limit * 20, 1_000))
        {
            var page = await store.ReadJournalsAsync(ledger, cursor, onlyEntity is null ? limit - events.Count : 500, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var journal in page)
            {
                cursor = journal.Sequence;
                scanned++;
                if (onlyEntity is null || journal.Lines.Any(l => l.Entity.Value == onlyEntity))
                {
                    events.Add(EventDto.FromJournal(journal, onlyEntity));
                    if (events.Count == limit)
                    {
                        break;
                    }
                }
            }
        }

        return (events, cursor);
    }
}
