using System.Collections.Concurrent;
using CommunityFund.Api.Apis;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// Delivers the change feed to the subscribers, on its own: it only reads the store, so posting never waits for it.
/// Every active subscriber has its own worker, which sends the events after its cursor one at a time, in feed order,
/// retrying a failed one with exponential backoff before any later one (at-least-once, in order per ledger); the
/// cursor moves after each delivery, so after a restart at most the event in flight is sent again. A receiver that
/// hangs or fails delays only its own subscriber. Between rounds it prunes the delivery log (<see cref="WebhookLogRetention"/>).
/// </summary>
public sealed partial class WebhookDelivery(
    ILedgerStore store, ChangeFeed feed, WebhookSubscriptions subscriptions, WebhookSender sender, WebhookLogRetention retention, WebhookSettings settings, IClock clock,
    ILogger<WebhookDelivery> logger)
    : BackgroundService
{
    private const int Batch = 100;
    private readonly ConcurrentDictionary<(string Ledger, string Id), Task> _workers = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DiscoverAsync(stoppingToken).ConfigureAwait(false);
                await retention.PruneIfDueAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogFailed(logger, ex, "discovering subscribers");
                await Pause(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }

        await Task.WhenAll(_workers.Values).ConfigureAwait(false);
    }

    /// <summary>Starts a worker for each active subscriber without one.</summary>
    private async Task DiscoverAsync(CancellationToken stoppingToken)
    {
        foreach (var ledger in await store.ListLedgersAsync(stoppingToken).ConfigureAwait(false))
        {
            var id = ledger.Definition.Id;
            foreach (var subscription in await subscriptions.ListAsync(id, stoppingToken).ConfigureAwait(false))
            {
                var key = (id.Value, subscription.Id);
                if (subscription.DisabledAt is null && (!_workers.TryGetValue(key, out var running) || running.IsCompleted))
                {
                    _workers[key] = Task.Run(() => WorkAsync(id, subscription.Id, stoppingToken), CancellationToken.None);
                }
            }
        }
    }

    /// <summary>One subscriber's worker: until it is disabled or the service stops.</summary>
    private async Task WorkAsync(LedgerId ledger, string id, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await ServeAsync(ledger, id, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogFailed(logger, ex, $"serving webhook {id} of {ledger}");
                await Pause(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Delivers what is after the cursor; <c>false</c> when the subscriber is gone or disabled.</summary>
    private async Task<bool> ServeAsync(LedgerId ledger, string id, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await subscriptions.FindAsync(ledger, id, stoppingToken).ConfigureAwait(false) is not { DisabledAt: null } subscription)
            {
                return false;
            }

            var cursor = await subscriptions.CursorAsync(ledger, id, stoppingToken).ConfigureAwait(false) ?? subscription.StartAfter;
            var (events, next) = await feed.ReadAsync(ledger, cursor, Batch, null, stoppingToken).ConfigureAwait(false);
            foreach (var item in events.Where(e => subscription.Wants(e.Type)))
            {
                if (!await DeliverAsync(ledger, subscription, item, stoppingToken).ConfigureAwait(false))
                {
                    return false;
                }

                await subscriptions.MoveCursorAsync(ledger, id, cursor = item.Position, stoppingToken).ConfigureAwait(false);
            }

            // Events filtered out after the last one delivered: the cursor passes them too.
            if (next > cursor)
            {
                await subscriptions.MoveCursorAsync(ledger, id, next, stoppingToken).ConfigureAwait(false);
            }
            else if (events.Count == 0)
            {
                await Task.Delay(settings.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>Sends one event until the receiver takes it; <c>false</c> when the subscriber was disabled meanwhile.</summary>
    private async Task<bool> DeliverAsync(LedgerId ledger, WebhookSubscription subscription, EventDto item, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (status, error) = await sender.SendAsync(subscription, item, stoppingToken).ConfigureAwait(false);
            var now = clock.GetCurrentInstant();
            var delivered = status is >= 200 and < 300;
            var wait = settings.Backoff(attempt);
            await subscriptions.LogAsync(ledger, new WebhookAttempt(subscription.Id, item.Id, item.Position, item.Type, attempt, status, error, now,
                delivered ? null : now + Duration.FromTimeSpan(wait)), stoppingToken).ConfigureAwait(false);
            if (delivered)
            {
                return true;
            }

            LogRetry(logger, subscription.Id, item.Position, attempt, status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? error ?? "?", wait);
            await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
            if (await subscriptions.FindAsync(ledger, subscription.Id, stoppingToken).ConfigureAwait(false) is not { DisabledAt: null })
            {
                return false;
            }
        }
    }

    private static async Task Pause(TimeSpan wait, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhooks: failed {What}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Subscription}: event {Position} attempt {Attempt} failed ({Outcome}); retrying in {Wait}.")]
    private static partial void LogRetry(ILogger logger, string subscription, long position, int attempt, string outcome, TimeSpan wait);
}
