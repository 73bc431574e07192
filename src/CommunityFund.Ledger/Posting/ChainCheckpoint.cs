namespace CommunityFund.Posting;

/// <summary>A point of a chain someone kept: its sequence and hash. A chain that still holds it ends at or after it.</summary>
/// <param name="Sequence">The sequence.</param>
/// <param name="Hash">The hash of the journal at that sequence.</param>
public sealed record ChainCheckpoint(long Sequence, string Hash);
