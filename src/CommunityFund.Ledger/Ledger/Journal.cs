using System.Collections.Immutable;
using NodaTime;

namespace CommunityFund.Ledger;

/// <summary>What a journal records. The names are part of the hash chain's canonical form: never rename a member.</summary>
public enum JournalKind
{
    /// <summary>A journal entered by hand.</summary>
    Manual = 1,

    /// <summary>Opening balances.</summary>
    Opening = 2,

    /// <summary>Sale of a service package.</summary>
    Sale = 3,

    /// <summary>Delivery of prepaid sessions (revenue recognised).</summary>
    Delivery = 4,

    /// <summary>The 70/25/5 distribution of recognised revenue.</summary>
    Distribution = 5,

    /// <summary>Settlement of distributed shares.</summary>
    Settlement = 6,

    /// <summary>A refund linked to a sale.</summary>
    Refund = 7,

    /// <summary>A reversal (红字冲销) of a posted journal; created only by the reversal command.</summary>
    Reversal = 8,

    /// <summary>Rent and memo entries of a lease agreement.</summary>
    Lease = 9,

    /// <summary>Entries of a resource-for-service swap.</summary>
    Swap = 10,

    /// <summary>A donation received.</summary>
    Donation = 11,

    /// <summary>A grant given to a community project.</summary>
    Grant = 12,

    /// <summary>A release of restricted net assets.</summary>
    RestrictionRelease = 13,

    /// <summary>A time-bank hours transfer.</summary>
    TimeBank = 14,

    /// <summary>A points transfer.</summary>
    Points = 15,

    /// <summary>Closing entries of a period.</summary>
    PeriodClose = 16,

    /// <summary>Self-financing income (charity market, charity supermarket, caring parking).</summary>
    SelfFinancing = 17,

    /// <summary>A gift held as agent for a named beneficiary (受托代理), received or passed on.</summary>
    Agency = 18,

    /// <summary>Money in transit with a payment channel reaching the bank, less the channel's fee.</summary>
    Clearing = 19,

    /// <summary>Donated goods given away free, leaving inventory at their carrying value (业务活动成本 / 存货).</summary>
    GoodsGiveaway = 20,
}

/// <summary>
/// One line of a posted journal: an amount on one side of one account of one entity, in the account's unit,
/// with its dimensions. The amount is always positive; the side says which way it moves.
/// </summary>
/// <param name="Entity">The entity whose books the line belongs to.</param>
/// <param name="Account">The (leaf) account.</param>
/// <param name="Side">Debit or credit.</param>
/// <param name="Amount">The amount, greater than zero.</param>
/// <param name="Dimensions">The analysis dimensions.</param>
public sealed record JournalLine(EntityId Entity, AccountCode Account, Side Side, Money Amount, Dimensions Dimensions)
{
    /// <summary>The signed amount in minor units: positive for a debit, negative for a credit.</summary>
    public long SignedMinorUnits => Side == Side.Debit ? Amount.MinorUnits : checked(-Amount.MinorUnits);
}

/// <summary>
/// A posted journal (记账凭证): immutable once posted, numbered by a gapless sequence per ledger and linked into the
/// ledger's hash chain. Only the <see cref="Posting.PostingEngine"/> creates new ones; stores rehydrate them with this
/// constructor, and <see cref="Posting.ChainVerifier"/> detects any that were altered.
/// </summary>
public sealed record Journal
{
    /// <summary>The hash that precedes the first journal of every ledger: 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Creates (rehydrates) a posted journal.</summary>
    /// <param name="id">The id.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="sequence">The position in the ledger, from 1, without gaps.</param>
    /// <param name="accountingDate">The accounting date.</param>
    /// <param name="recordedAt">When it was recorded.</param>
    /// <param name="kind">What it records.</param>
    /// <param name="memo">The description (摘要).</param>
    /// <param name="lines">The lines.</param>
    /// <param name="previousHash">The hash of the journal before it, or <see cref="GenesisHash"/>.</param>
    /// <param name="hash">This journal's hash.</param>
    public Journal(
        JournalId id,
        LedgerId ledger,
        long sequence,
        LocalDate accountingDate,
        Instant recordedAt,
        JournalKind kind,
        string memo,
        ImmutableArray<JournalLine> lines,
        string previousHash,
        string hash)
    {
        Id = id;
        Ledger = ledger;
        Sequence = sequence;
        AccountingDate = accountingDate;
        RecordedAt = recordedAt;
        Kind = kind;
        Memo = memo;
        Lines = lines;
        PreviousHash = previousHash;
        Hash = hash;
    }

    /// <summary>The id (UUIDv7).</summary>
    public JournalId Id { get; }

    /// <summary>The ledger.</summary>
    public LedgerId Ledger { get; }

    /// <summary>The position in the ledger's chain, from 1, gapless.</summary>
    public long Sequence { get; }

    /// <summary>The accounting date.</summary>
    public LocalDate AccountingDate { get; }

    /// <summary>When the journal was recorded, from the injected clock.</summary>
    public Instant RecordedAt { get; }

    /// <summary>What the journal records.</summary>
    public JournalKind Kind { get; }

    /// <summary>The description (摘要).</summary>
    public string Memo { get; }

    /// <summary>A reference to the source document or business event (e.g. <c>sale:…</c>), if any.</summary>
    public string? SourceReference { get; init; }

    /// <summary>The client's idempotency key of the request that posted it, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The SHA-256 (hex) of the canonical request that posted it, when it had an idempotency key.</summary>
    public string? RequestHash { get; init; }

    /// <summary>Structured facts the journal records for audit (e.g. the distribution policy, version, rounding rule
    /// and carried remainders), part of the hashed content. Keys in ordinal order.</summary>
    public ImmutableSortedDictionary<string, string> Metadata { get; init; } = JournalMetadata.Empty;

    /// <summary>The journal this one reverses, for a <see cref="JournalKind.Reversal"/>.</summary>
    public JournalId? ReversalOf { get; init; }

    /// <summary>The lines.</summary>
    public ImmutableArray<JournalLine> Lines { get; }

    /// <summary>The hash of the previous journal in the ledger (lower-case hex).</summary>
    public string PreviousHash { get; }

    /// <summary>SHA-256(previous hash ‖ canonical bytes of this journal), lower-case hex.</summary>
    public string Hash { get; private init; }

    internal Journal WithHash(string hash) => this with { Hash = hash };
}

/// <summary>Helpers for journal metadata.</summary>
public static class JournalMetadata
{
    /// <summary>The longest metadata key.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The longest metadata value.</summary>
    public const int MaxValueLength = 2_000;

    /// <summary>No metadata.</summary>
    public static ImmutableSortedDictionary<string, string> Empty { get; } = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Metadata from pairs.</summary>
    /// <param name="pairs">Key–value pairs.</param>
    /// <returns>The metadata, keys in ordinal order.</returns>
    public static ImmutableSortedDictionary<string, string> From(params (string Key, string Value)[] pairs) =>
        Empty.AddRange(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}
