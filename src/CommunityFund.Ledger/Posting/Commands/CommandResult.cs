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

    /// <summary><c>true</c> when this answers a replayed idempotency key: the command took effect on its first run, and
    /// this is that run's answer (an HTTP layer answers with the first run's status and says it is a replay).</summary>
    public bool Replayed { get; init; }

    /// <summary><c>true</c> when the command met another writer (another process moved the ledger's head or took its
    /// key) and was not decided: running it again decides it (<see cref="RetryingCommands"/> does).</summary>
    public bool MetAnotherWriter => Outcome == PostingOutcome.Rejected && Errors.Length == 1 && Errors[0].Code == ErrorCodes.LedgerHeadMoved;

    /// <summary>A refusal.</summary>
    /// <param name="errors">Why.</param>
    /// <returns>The result.</returns>
    public static CommandResult<T> Rejected(IEnumerable<PostingError> errors) => new(PostingOutcome.Rejected, null, [], [.. errors]);

    /// <summary>A refusal for one reason.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="field">The field at fault, if any.</param>
    /// <returns>The result.</returns>
    public static CommandResult<T> Rejected(string code, string message, string? field = null) => Rejected([new PostingError(code, message, field)]);

    /// <summary>The result of a posting, with the value the command produced when it succeeded.</summary>
    /// <param name="posting">The posting's result.</param>
    /// <param name="value">The value.</param>
    /// <returns>The result.</returns>
    public static CommandResult<T> From(PostingResult posting, T? value)
    {
        ArgumentNullException.ThrowIfNull(posting);
        return new(posting.Outcome, posting.Succeeded ? value : null, posting.Journals, posting.Errors);
    }

    internal static CommandResult<T> AnotherWriter(LedgerId ledger) =>
        Rejected(ErrorCodes.LedgerHeadMoved, $"Another writer moved ledger '{ledger}' while the command was planned; plan it again.", "ledger");
}
