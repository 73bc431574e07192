using System.Collections.Immutable;
using CommunityFund.Ledger;

namespace CommunityFund.Posting;

/// <summary>The result of a command: what it produced, the journals it posted, or why it was refused.</summary>
/// <typeparam name="T">What the command produces.</typeparam>
/// <param name="Outcome">How it ended, as for postings.</param>
/// <param name="Value">What it produced (for <see cref="PostingOutcome.Created"/> and <see cref="PostingOutcome.AlreadyExists"/>).</param>
/// <param name="Journals">The journals it posted, if any.</param>
/// <param name="Errors">Why it was refused, otherwise empty.</param>
public sealed record CommandResult<T>(PostingOutcome Outcome, T? Value, ImmutableArray<Journal> Journals, ImmutableArray<PostingError> Errors)
    where T : class
{
    /// <summary><c>true</c> when the command took effect (now or before).</summary>
    public bool Succeeded => Outcome is PostingOutcome.Created or PostingOutcome.AlreadyExists;

    internal static CommandResult<T> Rejected(IEnumerable<PostingError> errors) => new(PostingOutcome.Rejected, null, [], [.. errors]);

    internal static CommandResult<T> Rejected(string code, string message, string? field = null) => Rejected([new PostingError(code, message, field)]);

    internal static CommandResult<T> From(PostingResult posting, T? value) => new(posting.Outcome, posting.Succeeded ? value : null, posting.Journals, posting.Errors);
}
