using NodaTime;

namespace CommunityFund.Posting;

/// <summary>Size limits the engine enforces.</summary>
public static class PostingLimits
{
    /// <summary>The longest memo or reason.</summary>
    public const int MaxMemoLength = 500;

    /// <summary>The longest source reference.</summary>
    public const int MaxSourceReferenceLength = 200;

    /// <summary>The longest idempotency key.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The most lines in one journal.</summary>
    public const int MaxLinesPerJournal = 1_000;

    /// <summary>The most journals in one batch.</summary>
    public const int MaxJournalsPerBatch = 10_000;
}
