using System.Text.Json.Serialization;
using System.Collections.Immutable;
using CommunityFund.Ledger;
using NodaTime;

namespace CommunityFund.Economy;

/// <summary>A match of statement rows with what the books record: sales or refunds (<see cref="Book"/>), or for a
/// settlement the channel rows the bank credit paid out (<see cref="Settles"/>). Kept as a record; unmatching keeps it,
/// marked, with who, when and why.</summary>
public sealed record PaymentMatch
{
    /// <summary>The match id.</summary>
    public required string Id { get; init; }

    /// <summary>The entity whose statements and books are matched.</summary>
    public required EntityId Entity { get; init; }

    /// <summary>The payment channel (for a settlement: the channel paid out, the row being the bank's).</summary>
    public required PaymentChannel Channel { get; init; }

    /// <summary>The rule it was made by.</summary>
    public required MatchRule Rule { get; init; }

    /// <summary>The statement rows matched, by key <c>{channel}:{transactionId}</c> (a settlement: the bank row).</summary>
    public ImmutableArray<string> Rows { get; init; } = [];

    /// <summary>The book items matched (<see cref="BookPayment.Key"/>); empty for a settlement.</summary>
    public ImmutableArray<string> Book { get; init; } = [];

    /// <summary>For a settlement, the channel rows it paid out.</summary>
    public ImmutableArray<string> Settles { get; init; } = [];

    /// <summary>The amount matched: the rows' total (a settlement: the gross cleared out of in transit, refunds netted).</summary>
    public required Money Amount { get; init; }

    /// <summary>The channel's fees on the rows (net of fees returned on refunds).</summary>
    public required Money Fee { get; init; }

    /// <summary>The date of the match's statement row (a settlement: the bank credit's date, the clearing's date).</summary>
    public required LocalDate Date { get; init; }

    /// <summary>For a settlement, the clearing journal posted with it.</summary>
    public JournalId? Clearing { get; init; }

    /// <summary>Why it was matched by hand, or <c>null</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>Who recorded it (the API key or user), or <c>null</c>.</summary>
    public string? By { get; init; }

    /// <summary>When it was recorded, or <c>null</c> for a dry run's proposal.</summary>
    public Instant? At { get; init; }

    /// <summary>When unmatched, who unmatched it, when and why; <c>null</c> while it stands.</summary>
    public PaymentUnmatch? Unmatched { get; init; }

    /// <summary><c>true</c> while the match stands (not unmatched).</summary>
    [JsonIgnore]
    public bool IsActive => Unmatched is null;
}
