using System.Collections.Immutable;
using System.Globalization;
using CommunityFund.Ledger;
using CommunityFund.Storage;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Posting;

/// <summary>
/// What each period close moved: per entity and account, the signed amount of the closing lines on revenue and expense
/// accounts, and the releases from restricted net assets. Kept as a document written with the closing journals, so
/// statements of a closed period show its revenues, expenses and releases without scanning the journals.
/// </summary>
internal static class ClosedPeriods
{
    /// <summary>What a close moved, per period; key <c>yyyy-MM</c>.</summary>
    internal static readonly RecordType<Closing> Closings = new("period-close");

    internal sealed record Closing(string End, Dictionary<string, long> Lines, Dictionary<string, long> Released);

    internal static LedgerDocument Record(LedgerDefinition ledger, YearMonth period, LocalDate end, ImmutableArray<Journal> journals)
    {
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var released = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var journal in journals)
        {
            foreach (var line in journal.Lines)
            {
                var type = ledger.FindEntity(line.Entity)?.Chart.Find(line.Account)?.Type;
                if (journal.Kind == JournalKind.RestrictionRelease && type == AccountType.NetAssets && line.Side == Side.Debit)
                {
                    released[line.Entity.Value] = checked(released.GetValueOrDefault(line.Entity.Value) + line.Amount.MinorUnits);
                }
                else if (journal.Kind == JournalKind.PeriodClose && type is AccountType.Revenue or AccountType.Expense)
                {
                    var key = $"{line.Entity}|{line.Account}";
                    lines[key] = checked(lines.GetValueOrDefault(key) + line.SignedMinorUnits);
                }
            }
        }

        var key2 = string.Create(CultureInfo.InvariantCulture, $"{period.Year:0000}-{period.Month:00}");
        return Closings.Write(key2, null, 0, new Closing(LocalDatePattern.Iso.Format(end), lines, released));
    }

    /// <summary>The closings of periods ending after <paramref name="after"/> and on or before <paramref name="through"/>,
    /// for one entity: the closing movement per account (to add back) and the total released.</summary>
    internal static async Task<(Dictionary<AccountCode, long> Closing, long Released)> BetweenAsync(
        ILedgerStore store, LedgerId ledger, EntityId entity, LocalDate after, LocalDate through, CancellationToken ct)
    {
        var closing = new Dictionary<AccountCode, long>();
        long released = 0;
        foreach (var document in await store.ListDocumentsAsync(ledger, Closings.Kind, null, ct).ConfigureAwait(false))
        {
            var record = Closings.Read(document);
            var end = LocalDatePattern.Iso.Parse(record.End).Value;
            if (end <= after || end > through)
            {
                continue;
            }

            foreach (var (key, amount) in record.Lines)
            {
                var bar = key.IndexOf('|', StringComparison.Ordinal);
                if (key[..bar] == entity.Value)
                {
                    var account = AccountCode.Parse(key[(bar + 1)..]);
                    closing[account] = checked(closing.GetValueOrDefault(account) + amount);
                }
            }

            released = checked(released + record.Released.GetValueOrDefault(entity.Value));
        }

        return (closing, released);
    }
}
