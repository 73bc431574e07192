using CommunityFund.Ledger;
using CommunityFund.Posting;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CommunityFund.Api.Apis;

/// <summary>A posted journal.</summary>
public sealed record JournalDto(Guid Id, long Sequence, LocalDate Date, Instant RecordedAt, JournalKind Kind, string Memo, string? SourceReference, Guid? ReversalOf,
    IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<LineDto> Lines, string PreviousHash, string Hash)
{
    /// <summary>Maps a journal; with <paramref name="onlyEntity"/>, only that entity's lines (what a provider may see).</summary>
    public static JournalDto FromCore(Journal j, string? onlyEntity = null) => new(j.Id.Value, j.Sequence, j.AccountingDate, j.RecordedAt, j.Kind.ToWire(), j.Memo, j.SourceReference, j.ReversalOf?.Value,
        j.Metadata,
        [.. j.Lines.Where(l => onlyEntity is null || l.Entity.Value == onlyEntity)
            .Select(l => new LineDto(l.Entity.Value, l.Account.Value, l.Side == Ledger.Side.Debit ? "debit" : "credit", l.Amount, l.Dimensions))],
        j.PreviousHash, j.Hash);
}

/// <summary>A journal line.</summary>
public sealed record LineDto(string Entity, string Account, string Side, Money Amount, IReadOnlyDictionary<string, string> Dimensions);

/// <summary>A page of journals; pass <see cref="NextCursor"/> as <c>after</c> for the next page.</summary>
public sealed record JournalPage(IReadOnlyList<JournalDto> Items, long? NextCursor);

/// <summary>The result of closing a period.</summary>
/// <param name="Period">The month closed.</param>
/// <param name="ClosedThrough">The books are now closed through this date.</param>
/// <param name="ClosingJournals">The closing entries posted (revenues and expenses to net assets or profit).</param>
public sealed record LedgerDtoHead(string Period, LocalDate ClosedThrough, IReadOnlyList<JournalDto> ClosingJournals);

/// <summary>The filters and the page of a journal listing (query parameters). Settable properties rather than a positional
/// record: the request delegate generator binds <c>[AsParameters]</c> types through them.</summary>
public sealed record JournalQuery
{
    /// <summary>Only journals with a line of this entity (a provider key lists its own).</summary>
    [FromQuery(Name = "entity")]
    public string? Entity { get; init; }

    /// <summary>Only journals with a line on this account code.</summary>
    [FromQuery(Name = "account")]
    public string? Account { get; init; }

    /// <summary>Only journals dated on or after this date (yyyy-MM-dd).</summary>
    [FromQuery(Name = "from")]
    public string? From { get; init; }

    /// <summary>Only journals dated on or before this date (yyyy-MM-dd).</summary>
    [FromQuery(Name = "to")]
    public string? To { get; init; }

    /// <summary>Only journals of this kind (a <see cref="JournalKind"/> name).</summary>
    [FromQuery(Name = "kind")]
    public string? Kind { get; init; }

    /// <summary>The cursor: the sequence after which the page starts.</summary>
    [FromQuery(Name = "after")]
    public long? After { get; init; }

    /// <summary>The page size, 1 to 500 (default 100).</summary>
    [FromQuery(Name = "limit")]
    public int? Limit { get; init; }
}

/// <summary>A manual journal.</summary>
public sealed record ManualJournalRequest(LocalDate Date, string Memo, List<LineRequest> Lines, string? SourceReference = null)
{
    /// <summary>The books' draft of the journal (the lines' dimensions are checked first).</summary>
    public JournalDraft ToCore() => new(Date, Ledger.JournalKind.Manual, Memo, [.. Lines.Select(l => l.ToCore())]) { SourceReference = SourceReference };
}

/// <summary>A line of a manual journal.</summary>
public sealed record LineRequest(string Entity, string Account, string Side, Money Amount, Dictionary<string, string>? Dimensions = null)
{
    /// <summary>The books' draft of the line.</summary>
    public LineDraft ToCore() => new(EntityId.From(Entity), AccountCode.Parse(Account), Side == "debit" ? Ledger.Side.Debit : Ledger.Side.Credit, Amount)
    {
        Dimensions = Dimensions is null ? Ledger.Dimensions.Empty : Ledger.Dimensions.From(Dimensions),
    };
}

/// <summary>A reversal.</summary>
public sealed record ReverseRequest(string Reason, LocalDate? Date = null);
