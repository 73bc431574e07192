using CommunityFund.Ledger;

namespace CommunityFund.Posting;

/// <summary>Why the books refused something: a stable machine code, a readable message and the field it concerns.</summary>
/// <param name="Code">A stable code from <see cref="ErrorCodes"/>, e.g. <c>journal.unbalanced</c>.</param>
/// <param name="Message">A readable message naming the problem.</param>
/// <param name="Field">The path of the offending field, e.g. <c>journals[0].lines[2].account</c>, or <c>null</c>.</param>
public sealed record PostingError(string Code, string Message, string? Field = null)
{
    /// <summary>The figures the refusal was decided on, by name (e.g. <c>cash</c>, <c>available</c>), amounts as
    /// decimal text; <c>null</c> when the message says all there is.</summary>
    public IReadOnlyDictionary<string, string>? Figures { get; init; }

    /// <summary>Returns <c>code: message (field)</c>.</summary>
    public override string ToString() => Field is null ? $"{Code}: {Message}" : $"{Code}: {Message} ({Field})";
}

/// <summary>The stable error codes of the ledger kernel. Codes never change meaning; new ones may be added.</summary>
public static class ErrorCodes
{
    /// <summary>The ledger does not exist.</summary>
    public const string LedgerNotFound = "ledger.not_found";

    /// <summary>A batch has no journals, or too many.</summary>
    public const string BatchSize = "batch.size";

    /// <summary>A journal of a batch is missing (null).</summary>
    public const string JournalMissing = "journal.missing";

    /// <summary>A line of a journal is missing (null).</summary>
    public const string LineMissing = "line.missing";

    /// <summary>A journal has fewer than two lines.</summary>
    public const string JournalTooFewLines = "journal.too_few_lines";

    /// <summary>A journal has more lines than allowed.</summary>
    public const string JournalTooManyLines = "journal.too_many_lines";

    /// <summary>Debits and credits differ for an entity and unit.</summary>
    public const string JournalUnbalanced = "journal.unbalanced";

    /// <summary>The memo or reason is too long or has control characters.</summary>
    public const string JournalMemoInvalid = "journal.memo_invalid";

    /// <summary>The source reference is too long or has control characters.</summary>
    public const string JournalSourceInvalid = "journal.source_invalid";

    /// <summary>A metadata entry is empty, too long or has control characters.</summary>
    public const string JournalMetadataInvalid = "journal.metadata_invalid";

    /// <summary>The journal kind is undefined or reserved for another command.</summary>
    public const string JournalKindInvalid = "journal.kind_invalid";

    /// <summary>The journal does not exist in this ledger.</summary>
    public const string JournalNotFound = "journal.not_found";

    /// <summary>The journal was already reversed.</summary>
    public const string JournalAlreadyReversed = "journal.already_reversed";

    /// <summary>The journal is itself a reversal and cannot be reversed.</summary>
    public const string JournalIsReversal = "journal.is_reversal";

    /// <summary>A reversal needs a reason.</summary>
    public const string ReversalReasonRequired = "reversal.reason_required";

    /// <summary>A reversal cannot be dated before the journal it reverses.</summary>
    public const string ReversalDateBeforeOriginal = "reversal.date_before_original";

    /// <summary>The entity does not exist in the ledger.</summary>
    public const string EntityNotFound = "entity.not_found";

    /// <summary>The account is not in the entity's chart.</summary>
    public const string AccountNotFound = "account.not_found";

    /// <summary>The account has sub-accounts; post to a leaf.</summary>
    public const string AccountNotLeaf = "account.not_leaf";

    /// <summary>The account is deactivated.</summary>
    public const string AccountInactive = "account.inactive";

    /// <summary>The amount's unit is not the account's unit (money on a memo account or the reverse).</summary>
    public const string AccountUnitMismatch = "account.unit_mismatch";

    /// <summary>The amount is zero, negative or missing.</summary>
    public const string LineAmountNotPositive = "line.amount_not_positive";

    /// <summary>The side is neither debit nor credit.</summary>
    public const string LineSideInvalid = "line.side_invalid";

    /// <summary>A dimension name is unknown or its value invalid.</summary>
    public const string LineDimensionInvalid = "line.dimension_invalid";

    /// <summary>The account requires a dimension the line does not name (e.g. restricted revenue without its restriction).</summary>
    public const string LineDimensionRequired = "line.dimension_required";

    /// <summary>The date is before the ledger's books start.</summary>
    public const string PeriodBeforeBooksStart = "period.before_books_start";

    /// <summary>The date falls in a closed period.</summary>
    public const string PeriodClosed = "period.closed";

    /// <summary>The period is already closed.</summary>
    public const string PeriodAlreadyClosed = "period.already_closed";

    /// <summary>Periods close in order: an earlier period is still open.</summary>
    public const string PeriodNotNext = "period.not_next";

    /// <summary>The idempotency key is blank, too long, or has characters other than printable ASCII.</summary>
    public const string IdempotencyKeyInvalid = "idempotency.key_invalid";

    /// <summary>The idempotency key was used for a different request.</summary>
    public const string IdempotencyConflict = "idempotency.conflict";

    /// <summary>The ledger's head moved past the sequence the request was planned on; plan again.</summary>
    public const string LedgerHeadMoved = "ledger.head_moved";

    /// <summary>The ledger stayed busy with writers from other processes; try again.</summary>
    public const string LedgerBusy = "ledger.busy";
}

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
