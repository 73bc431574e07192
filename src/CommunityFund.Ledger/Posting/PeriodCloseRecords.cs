using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Posting;

/// <summary>The <see cref="PeriodCloseRecord"/>s of a ledger: written by the <see cref="PostingEngine"/> with each
/// period lock it moves (kind <see cref="Kind"/>, key <c>yyyy-MM</c>, order the head sequence), read back in commit
/// order.</summary>
public static class PeriodCloseRecords
{
    private static readonly RecordType<Stored> Records = new("period-closed");

    /// <summary>The kind of the documents.</summary>
    public static string Kind => Records.Kind;

    /// <summary>Every close of a ledger, in commit order (by the head sequence they followed, then by period).</summary>
    /// <param name="store">The records.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The closes.</returns>
    public static async Task<IReadOnlyList<PeriodCloseRecord>> ListAsync(IRecordStore store, LedgerId ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var documents = await store.ListDocumentsAsync(ledger, Kind, null, cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(Read)];
    }

    /// <summary>The document of a close.</summary>
    internal static LedgerDocument Write(PeriodCloseRecord record) =>
        Records.Write(Key(record.Period), null, record.AfterSequence, new Stored(
            record.Id, Key(record.Period), LocalDatePattern.Iso.Format(record.ClosedThrough), [.. record.ClosingJournals.Select(j => j.Value)],
            InstantPattern.ExtendedIso.Format(record.ClosedAt)));

    private static PeriodCloseRecord Read(LedgerDocument document)
    {
        var stored = Records.Read(document);
        var month = YearMonthPattern.CreateWithInvariantCulture("uuuu-MM").Parse(stored.Period).Value;
        return new PeriodCloseRecord(stored.Id, month, LocalDatePattern.Iso.Parse(stored.ClosedThrough).Value, [.. stored.ClosingJournals.Select(g => new JournalId(g))],
            InstantPattern.ExtendedIso.Parse(stored.ClosedAt).Value, document.Order);
    }

    private static string Key(YearMonth period) => string.Create(CultureInfo.InvariantCulture, $"{period.Year:0000}-{period.Month:00}");

    private sealed record Stored(Guid Id, string Period, string ClosedThrough, Guid[] ClosingJournals, string ClosedAt);
}
