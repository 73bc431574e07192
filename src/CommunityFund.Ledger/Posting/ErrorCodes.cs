namespace CommunityFund.Posting;

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

    /// <summary>A ledger with this id exists already (opened by another request, or with another definition).</summary>
    public const string LedgerExists = "ledger.exists";

    /// <summary>The entity does not exist in the ledger.</summary>
    public const string EntityNotFound = "entity.not_found";

    /// <summary>The ledger already has an entity with this id.</summary>
    public const string EntityExists = "entity.exists";

    /// <summary>The entity's chart already has an account with this code.</summary>
    public const string AccountExists = "account.exists";

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

    /// <summary>An opening-balance file has bad lines (each is listed with its line number, column, code and reason:
    /// unknown entity or account, a name that is not the account's, a bad amount, a missing dimension, an entity whose
    /// debits and credits differ) or no balances at all; nothing was posted.</summary>
    public const string OpeningInvalid = "opening.invalid";

    /// <summary>An entity of the file already has opening balances (a journal dated the day before the books start);
    /// nothing was posted. Correct them with a journal instead.</summary>
    public const string OpeningExists = "opening.exists";

    /// <summary>A line of an opening-balance file has a debit or credit that is not a decimal amount in the account's
    /// unit (at most its decimal places, e.g. two for CNY; no exponent or grouping), is negative, or has both.</summary>
    public const string OpeningAmountInvalid = "opening.amount_invalid";

    /// <summary>A line of an opening-balance file names an account whose name in the chart is different.</summary>
    public const string OpeningNameMismatch = "opening.name_mismatch";

    /// <summary>A line of an opening-balance file leaves a required cell (entity, account) blank.</summary>
    public const string OpeningValueRequired = "opening.value_required";
}
