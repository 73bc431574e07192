using System.Collections.Immutable;
using NodaTime;

namespace CommunityFund.Ledger;

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
