using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// Keeps the delivery log within its retention (<see cref="WebhookSettings.DeliveryLogRetention"/>): the delivery
/// service calls <see cref="PruneIfDueAsync"/> on each round, and at most once per
/// <see cref="WebhookSettings.PruneInterval"/> (by the injected clock) the attempts older than the retention are
/// deleted, in every ledger. Only the log's records are deleted (<see cref="IRecordStore.DeleteDocumentsAsync"/>); the
/// journals are never documents, and the subscribers and their cursors stay.
/// </summary>
/// <param name="store">The books.</param>
/// <param name="subscriptions">The subscribers and their log.</param>
/// <param name="settings">The settings.</param>
/// <param name="clock">The clock.</param>
public sealed class WebhookLogRetention(ILedgerStore store, WebhookSubscriptions subscriptions, WebhookSettings settings, IClock clock)
{
    private Instant? _last;

    /// <summary>Prunes when the interval has passed since the last pruning (or none was done yet).</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many attempts were deleted (0 when it was not due).</returns>
    public async Task<int> PruneIfDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        if (_last is { } last && now - last < settings.PruneInterval)
        {
            return 0;
        }

        _last = now;
        return await PruneAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes, in every ledger, the attempts made longer ago than the retention.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>How many attempts were deleted.</returns>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.GetCurrentInstant() - settings.DeliveryLogRetention;
        var deleted = 0;
        foreach (var ledger in await store.ListLedgersAsync(cancellationToken).ConfigureAwait(false))
        {
            deleted += await subscriptions.PruneLogAsync(ledger.Definition.Id, before, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }
}
