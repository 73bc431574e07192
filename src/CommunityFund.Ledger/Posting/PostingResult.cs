using CommunityFund.Ledger;

namespace CommunityFund.Posting;

/// <summary>The result of a posting request.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Journals">The posted journals (for <see cref="PostingOutcome.Created"/> and
/// <see cref="PostingOutcome.AlreadyExists"/>), in sequence order; empty otherwise.</param>
/// <param name="Errors">Why it was refused (for <see cref="PostingOutcome.Conflict"/> and
/// <see cref="PostingOutcome.Rejected"/>); empty otherwise.</param>
public sealed record PostingResult(PostingOutcome Outcome, System.Collections.Immutable.ImmutableArray<Journal> Journals, System.Collections.Immutable.ImmutableArray<PostingError> Errors)
{
    /// <summary><c>true</c> when the journals are in the books (created now or before).</summary>
    public bool Succeeded => Outcome is PostingOutcome.Created or PostingOutcome.AlreadyExists;

    /// <summary>The single journal of a one-journal request.</summary>
    /// <exception cref="InvalidOperationException">The request did not succeed or posted several journals.</exception>
    public Journal Journal => Journals.Length == 1
        ? Journals[0]
        : throw new InvalidOperationException($"The result holds {Journals.Length} journals ({Outcome}{(Errors.IsEmpty ? string.Empty : ": " + string.Join("; ", Errors))}).");

    internal static PostingResult Rejected(IEnumerable<PostingError> errors) => new(PostingOutcome.Rejected, [], [.. errors]);

    internal static PostingResult Rejected(string code, string message, string? field = null) =>
        new(PostingOutcome.Rejected, [], [new PostingError(code, message, field)]);
}
