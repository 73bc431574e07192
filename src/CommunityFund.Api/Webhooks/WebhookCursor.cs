using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>How far a subscriber has been served: every event up to <paramref name="Position"/> was delivered (or
/// filtered out). Written after each successful delivery, so a restart resends at most the event in flight.</summary>
/// <param name="Subscription">The subscriber's id.</param>
/// <param name="Position">The last feed position delivered.</param>
/// <param name="UpdatedAt">When it moved.</param>
public sealed record WebhookCursor(string Subscription, long Position, Instant UpdatedAt);
