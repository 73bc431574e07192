namespace CommunityFund.Posting;

/// <summary>How a posting request ended. Every request ends in exactly one of these.</summary>
public enum PostingOutcome
{
    /// <summary>New journals were posted.</summary>
    Created = 1,

    /// <summary>The same request was posted before under the same idempotency key; the original journals are returned.</summary>
    AlreadyExists = 2,

    /// <summary>The idempotency key was used for a different request; nothing was posted.</summary>
    Conflict = 3,

    /// <summary>The request breaks a rule of the books; nothing was posted; <see cref="PostingResult.Errors"/> says why.</summary>
    Rejected = 4,
}
