using NodaTime;

namespace CommunityFund.Api.Webhooks;

/// <summary>A subscriber to a ledger's change feed, stored as a record of the ledger. The secret is kept (it signs
/// every delivery) but never answered after creation.</summary>
/// <param name="Id">The subscriber's id.</param>
/// <param name="Ledger">The ledger.</param>
/// <param name="Url">Where events are POSTed (absolute http or https).</param>
/// <param name="Secret">The HMAC-SHA256 key of the signatures.</param>
/// <param name="EventTypes">Only these event types are delivered; <c>null</c> or empty for every type.</param>
/// <param name="StartAfter">The feed position after which deliveries start.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record WebhookSubscription(string Id, string Ledger, string Url, string Secret, IReadOnlyList<string>? EventTypes, long StartAfter, Instant CreatedAt)
{
    /// <summary>When it was disabled, if it was; a disabled subscriber receives nothing more.</summary>
    public Instant? DisabledAt { get; init; }

    /// <summary>Whether an event of this type is delivered to the subscriber.</summary>
    public bool Wants(string type) => EventTypes is null || EventTypes.Count == 0 || EventTypes.Contains(type, StringComparer.Ordinal);
}
