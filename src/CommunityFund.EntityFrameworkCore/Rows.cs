using NodaTime;

namespace CommunityFund.EntityFrameworkCore;

// Storage rows: the database's shape, never returned to callers (the store maps them to Core types).

/// <summary>A ledger: its definition (as JSON) and its head.</summary>
internal sealed class LedgerRow
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Definition { get; set; }

    /// <summary>Raised by every change of <see cref="Definition"/>, so a reader can reuse the definition it parsed.</summary>
    public long DefinitionVersion { get; set; }

    public long HeadSequence { get; set; }

    public required string HeadHash { get; set; }

    public LocalDate? ClosedThrough { get; set; }
}

/// <summary>A posted journal. Append-only: the database refuses UPDATE and DELETE.</summary>
internal sealed class JournalRow
{
    public required string LedgerId { get; set; }

    public long Sequence { get; set; }

    public Guid Id { get; set; }

    public LocalDate AccountingDate { get; set; }

    public Instant RecordedAt { get; set; }

    public required string Kind { get; set; }

    public required string Memo { get; set; }

    public string? SourceReference { get; set; }

    public string? IdempotencyKey { get; set; }

    public string? RequestHash { get; set; }

    public Guid? ReversalOf { get; set; }

    public required string Metadata { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    public List<LineRow> Lines { get; set; } = [];
}

/// <summary>A journal line. Append-only.</summary>
internal sealed class LineRow
{
    public required string LedgerId { get; set; }

    public long Sequence { get; set; }

    public int LineNumber { get; set; }

    public required string EntityId { get; set; }

    public required string Account { get; set; }

    public short Side { get; set; }

    public long AmountMinor { get; set; }

    public required string Unit { get; set; }

    public required string Dimensions { get; set; }
}

/// <summary>An idempotency record: a client key and the journals it posted.</summary>
internal sealed class IdempotencyRow
{
    public required string LedgerId { get; set; }

    public required string Key { get; set; }

    public string? RequestHash { get; set; }

    public long FirstSequence { get; set; }

    public int JournalCount { get; set; }
}

/// <summary>A maintained balance: debit and credit totals per entity, account and unit.</summary>
internal sealed class BalanceRow
{
    public required string LedgerId { get; set; }

    public required string EntityId { get; set; }

    public required string Account { get; set; }

    public required string Unit { get; set; }

    public long Debit { get; set; }

    public long Credit { get; set; }
}

/// <summary>A maintained balance movement of one accounting date, for balances as of any date.</summary>
internal sealed class DailyBalanceRow
{
    public required string LedgerId { get; set; }

    public required string EntityId { get; set; }

    public required string Account { get; set; }

    public required string Unit { get; set; }

    public LocalDate Date { get; set; }

    public long Debit { get; set; }

    public long Credit { get; set; }
}

/// <summary>A record kept beside the journals (sale records, statements…), as JSON.</summary>
internal sealed class DocumentRow
{
    public required string LedgerId { get; set; }

    public required string Kind { get; set; }

    public required string Key { get; set; }

    /// <summary>The owning entity, or empty.</summary>
    public required string Owner { get; set; }

    public long Order { get; set; }

    public required string Json { get; set; }
}
