using NodaTime;

namespace CommunityFund.Storage;

/// <summary>An idempotency record: a client key and the run of journals it posted.</summary>
/// <param name="Key">The key.</param>
/// <param name="RequestHash">The request hash, or <c>null</c>.</param>
/// <param name="FirstSequence">The first journal's sequence.</param>
/// <param name="JournalCount">How many consecutive journals.</param>
public sealed record IdempotencyClaim(string Key, string? RequestHash, long FirstSequence, int JournalCount);
