using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Storage;

namespace CommunityFund.Posting;

/// <summary>What a command will do, decided on one state of the ledger: journals to post and the records to write with
/// them in the same transaction; or why it is refused.</summary>
/// <typeparam name="T">What the command produces.</typeparam>
/// <param name="Drafts">The journals, posted all-or-nothing.</param>
/// <param name="Commit">Given the posted journals (with their ids and sequences), the records to write in the same
/// transaction and the value the command answers with.</param>
public sealed record CommandPlan<T>(ImmutableArray<JournalDraft> Drafts, Func<ImmutableArray<Journal>, (IReadOnlyList<LedgerDocument> Documents, T? Value)> Commit)
    where T : class
{
    /// <summary>Why the command is refused; empty for a plan to carry out.</summary>
    public ImmutableArray<PostingError> Errors { get; init; } = [];

    /// <summary>For a command whose write is not a journal or a record (a period lock, the ledger's definition): the
    /// write, run by the runner with the ledger's lock held (so it must use the kernel's held write paths, never take the
    /// lock again). The runner records the key after it succeeded — a crash in between leaves the write without its
    /// key, and a retry is decided by the write's own rules (e.g. "already closed").</summary>
    public Func<CancellationToken, Task<CommandResult<T>>>? Effect { get; init; }

    /// <summary><c>true</c> when the plan's records (a plan without journals) must be written only if the head is still
    /// where the plan read it (<see cref="Storage.ILedgerStore.PutDocumentsAtHeadAsync"/>): a record ordered after the head.
    /// If it moved, the command is planned again.</summary>
    public bool AtHead { get; init; }

    /// <summary>A plan carried out by <paramref name="effect"/> (see <see cref="Effect"/>).</summary>
    /// <param name="effect">The write.</param>
    /// <returns>The plan.</returns>
    public static CommandPlan<T> Through(Func<CancellationToken, Task<CommandResult<T>>> effect) => new([], _ => ([], null)) { Effect = effect };

    /// <summary>A refusal.</summary>
    /// <param name="errors">Why.</param>
    /// <returns>The plan.</returns>
    public static CommandPlan<T> Refused(IEnumerable<PostingError> errors) => new([], _ => ([], null)) { Errors = [.. errors] };

    /// <summary>A refusal for one reason.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="field">The field at fault.</param>
    /// <returns>The plan.</returns>
    public static CommandPlan<T> Refused(string code, string message, string field) => Refused([new PostingError(code, message, field)]);

    /// <summary>A command with nothing to post: its records (if any) are written alone, and it answers with the value
    /// (<see cref="PostingOutcome.AlreadyExists"/> when there was nothing to write either).</summary>
    /// <param name="documents">The records to write.</param>
    /// <param name="value">The value.</param>
    /// <returns>The plan.</returns>
    public static CommandPlan<T> WithoutJournals(IReadOnlyList<LedgerDocument> documents, T value) => new([], _ => (documents, value));
}
