using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Posting;

/// <summary>A line of a journal not yet posted. Nothing is checked until the engine posts it.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Account">The account.</param>
/// <param name="Side">Debit or credit.</param>
/// <param name="Amount">The amount; must be positive and in the account's unit.</param>
public sealed record LineDraft(EntityId Entity, AccountCode Account, Side Side, Money Amount)
{
    /// <summary>The dimensions; none by default.</summary>
    public Dimensions Dimensions { get; init; } = Dimensions.Empty;

    /// <summary>A debit line.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account code text, e.g. <c>1002.01</c>.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The line.</returns>
    public static LineDraft Debit(EntityId entity, string account, Money amount) => new(entity, AccountCode.Parse(account), Side.Debit, amount);

    /// <summary>A credit line.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="account">The account code text, e.g. <c>4301.01</c>.</param>
    /// <param name="amount">The amount.</param>
    /// <returns>The line.</returns>
    public static LineDraft Credit(EntityId entity, string account, Money amount) => new(entity, AccountCode.Parse(account), Side.Credit, amount);

    /// <summary>Returns this line with one dimension set.</summary>
    /// <param name="name">A name from <see cref="DimensionNames"/>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new line.</returns>
    public LineDraft With(string name, string value) => this with { Dimensions = Dimensions.With(name, value) };
}

/// <summary>A journal not yet posted.</summary>
/// <param name="AccountingDate">The accounting date; must fall in an open period.</param>
/// <param name="Kind">What it records; <see cref="JournalKind.Reversal"/> is reserved for the reversal command.</param>
/// <param name="Memo">The description (摘要), at most <see cref="PostingLimits.MaxMemoLength"/> characters.</param>
/// <param name="Lines">At least two lines, balancing per entity and unit.</param>
public sealed record JournalDraft(LocalDate AccountingDate, JournalKind Kind, string Memo, ImmutableArray<LineDraft> Lines)
{
    /// <summary>A reference to the source document or event, if any.</summary>
    public string? SourceReference { get; init; }

    /// <summary>Structured facts to record with the journal (hashed with it).</summary>
    public ImmutableSortedDictionary<string, string> Metadata { get; init; } = JournalMetadata.Empty;
}

/// <summary>Journals to post all-or-nothing, with the client's idempotency key.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Journals">At least one journal; they get consecutive sequence numbers in this order.</param>
/// <param name="IdempotencyKey">The client's key: posting the same batch again with it returns the original journals;
/// another batch with it is a conflict. <c>null</c> for no idempotency.</param>
public sealed record PostingBatch(LedgerId Ledger, ImmutableArray<JournalDraft> Journals, string? IdempotencyKey = null)
{
    /// <summary>Documents to write in the same transaction as the journals, made from the journals as posted (with
    /// their ids and sequences). Not part of the request's content for idempotency.</summary>
    public Func<ImmutableArray<Journal>, IReadOnlyList<Storage.LedgerDocument>>? Documents { get; init; }

    /// <summary>When set, the batch posts only on top of this head sequence; if another writer moved the head, it is
    /// refused with <see cref="ErrorCodes.LedgerHeadMoved"/> so the caller can re-plan (used by commands whose
    /// journals depend on the ledger's state).</summary>
    public long? ExpectedSequence { get; init; }

    /// <summary>The fingerprint recorded with the idempotency key (<see cref="Journal.RequestHash"/>): a command's
    /// (<see cref="CommandEnvelope.Fingerprint"/>), so a replay is told from a reused key by what the command was asked,
    /// not by the journals it planned; <c>null</c> for the canonical hash of the journals.</summary>
    public string? Fingerprint { get; init; }
}

/// <summary>A request to reverse (红字冲销) a posted journal.</summary>
/// <param name="Ledger">The ledger.</param>
/// <param name="Journal">The journal to reverse.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="Date">The accounting date of the reversal; today in the ledger's time zone when <c>null</c>. Must be
/// on or after the original's date and in an open period.</param>
/// <param name="IdempotencyKey">The client's key, or <c>null</c>.</param>
public sealed record ReversalRequest(LedgerId Ledger, JournalId Journal, string Reason, LocalDate? Date = null, string? IdempotencyKey = null);

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
