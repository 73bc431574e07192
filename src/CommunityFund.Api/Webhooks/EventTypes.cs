using CommunityFund.Ledger;

namespace CommunityFund.Api.Webhooks;

/// <summary>
/// The event types of the change feed: each journal is one event whose type is read from its kind and, where one kind
/// records several things, its source reference; each period close is one <see cref="PeriodClosed"/>, each publication
/// of a month one <see cref="PublicationPublished"/>. A kind this
/// table does not know answers <see cref="JournalPosted"/>, never an error (ADR 0018).
/// </summary>
public static class EventTypes
{
    /// <summary>Any journal without a more specific type (a manual journal, or a kind added later).</summary>
    public const string JournalPosted = "journal.posted";

    /// <summary>A period closed (one event per close, whether or not it posted closing journals).</summary>
    public const string PeriodClosed = "period.closed";

    /// <summary>A closed month published (公示): one event per publication, after the head it was built from.</summary>
    public const string PublicationPublished = "publication.published";

    /// <summary>Every type the feed answers, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "sale.recorded", "refund.recorded", "delivery.recorded", "distribution.posted", "statement.settled", "repayment.recorded",
        "settlement.posted", "clearing.posted", "clearing.reversed", "donation.received", "grant.paid", "restriction.released",
        "self_financing.recorded", "agency.received", "agency.passed_on", "goods.given_away", "lease.posted", "swap.posted",
        "timebank.transferred", "points.transferred", "closing.posted", PeriodClosed, "opening.posted", "journal.reversed", PublicationPublished, JournalPosted,
    ];

    /// <summary>Whether <paramref name="type"/> is a type of the feed.</summary>
    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);

    /// <summary>The event type of a journal.</summary>
    public static string Of(Journal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var source = journal.SourceReference ?? string.Empty;
        return journal.Kind switch
        {
            JournalKind.Sale => "sale.recorded",
            JournalKind.Refund => "refund.recorded",
            JournalKind.Delivery => "delivery.recorded",
            JournalKind.Distribution => "distribution.posted",
            JournalKind.Settlement when source.StartsWith("statement:", StringComparison.Ordinal) => "statement.settled",
            JournalKind.Settlement when source.StartsWith("repayment:", StringComparison.Ordinal) => "repayment.recorded",
            JournalKind.Settlement => "settlement.posted",
            JournalKind.Clearing when source.StartsWith("clearing-reversal:", StringComparison.Ordinal) => "clearing.reversed",
            JournalKind.Clearing => "clearing.posted",
            JournalKind.Donation => "donation.received",
            JournalKind.Grant => "grant.paid",
            JournalKind.RestrictionRelease => "restriction.released",
            JournalKind.SelfFinancing => "self_financing.recorded",
            JournalKind.Agency when source.EndsWith(":pass-on", StringComparison.Ordinal) => "agency.passed_on",
            JournalKind.Agency => "agency.received",
            JournalKind.GoodsGiveaway => "goods.given_away",
            JournalKind.Lease => "lease.posted",
            JournalKind.Swap => "swap.posted",
            JournalKind.TimeBank => "timebank.transferred",
            JournalKind.Points => "points.transferred",
            JournalKind.PeriodClose => "closing.posted",
            JournalKind.Opening => "opening.posted",
            JournalKind.Reversal => "journal.reversed",
            _ => JournalPosted,
        };
    }
}
