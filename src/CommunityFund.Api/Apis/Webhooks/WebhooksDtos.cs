using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A webhook subscriber to register.</summary>
/// <param name="Url">Where events are POSTed: an absolute http or https URL, not this server.</param>
/// <param name="Secret">The key of the HMAC-SHA256 signatures, 32 to 256 characters; it is never answered back.</param>
/// <param name="EventTypes">Only these event types are delivered; omitted or empty for every type.</param>
/// <param name="After">The feed position after which deliveries start; omitted for the ledger's head now (only what
/// happens from now on). 0 replays the whole feed.</param>
public sealed record CreateWebhookRequest(string Url, string Secret, List<string>? EventTypes = null, long? After = null);

/// <summary>A webhook subscriber (never its secret).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Url">Where events are POSTed.</param>
/// <param name="EventTypes">The event types delivered; empty for every type.</param>
/// <param name="StartAfter">The feed position after which deliveries started.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="DisabledAt">When it was disabled, if it was.</param>
public sealed record WebhookDto(string Id, string Url, IReadOnlyList<string> EventTypes, long StartAfter, Instant CreatedAt, Instant? DisabledAt)
{
    /// <summary>Maps a stored subscriber, leaving out its secret.</summary>
    public static WebhookDto FromCore(Webhooks.WebhookSubscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Id, s.Url, s.EventTypes ?? [], s.StartAfter, s.CreatedAt, s.DisabledAt);
    }
}

/// <summary>One delivery attempt of an event to a subscriber.</summary>
/// <param name="EventId">The event's id.</param>
/// <param name="Position">The event's feed position.</param>
/// <param name="EventType">The event's type.</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="StatusCode">The receiver's HTTP status, when it answered.</param>
/// <param name="Error">Why there was no answer (timeout, connection), if there was none.</param>
/// <param name="At">When the attempt was made.</param>
/// <param name="Delivered">Whether the receiver took the event (a 2xx answer).</param>
/// <param name="NextRetryAt">When the event is tried again, after a failed attempt.</param>
public sealed record WebhookDeliveryDto(Guid EventId, long Position, string EventType, int Attempt, int? StatusCode, string? Error, Instant At, bool Delivered, Instant? NextRetryAt)
{
    /// <summary>Maps a logged attempt.</summary>
    public static WebhookDeliveryDto FromCore(Webhooks.WebhookAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.EventId, a.Position, a.EventType, a.Attempt, a.StatusCode, a.Error, a.At, a.Delivered, a.NextRetryAt);
    }
}
