using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>One delivery attempt of an event to a subscriber (the delivery log).</summary>
/// <param name="Subscription">The subscriber's id.</param>
/// <param name="EventId">The event's id (its journal's id).</param>
/// <param name="Position">The event's feed position.</param>
/// <param name="EventType">The event's type.</param>
/// <param name="Attempt">The attempt, from 1.</param>
/// <param name="StatusCode">The receiver's HTTP status, when it answered.</param>
/// <param name="Error">Why it failed without an answer (timeout, connection), if it did.</param>
/// <param name="At">When the attempt was made.</param>
/// <param name="NextRetryAt">When the event is tried again, after a failure.</param>
public sealed record WebhookAttempt(string Subscription, Guid EventId, long Position, string EventType, int Attempt, int? StatusCode, string? Error, Instant At, Instant? NextRetryAt)
{
    /// <summary>Whether the receiver accepted the event (a 2xx answer).</summary>
    public bool Delivered => StatusCode is >= 200 and < 300;
}
