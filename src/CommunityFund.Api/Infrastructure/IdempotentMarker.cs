namespace CommunityFund.Api;

/// <summary>Endpoint metadata: the endpoint requires an <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentMarker;
