// A writer for the crash and multi-process tests: posts journals with keys PREFIX-0, PREFIX-1, … into a SQLite
// ledger and prints "ACK key sequence" after each committed one, until it is killed or reaches COUNT.
using CommunityFund;
using CommunityFund.EntityFrameworkCore;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: CrashWriter DB_PATH KEY_PREFIX COUNT [START]");
    return 2;
}

var store = BooksStore.Sqlite($"Data Source={args[0]}");
var engine = new PostingEngine(store, SystemClock.Instance);
var ledger = LedgerId.From("crash");
var provider = EntityId.From("provider");
var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var start = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
for (var i = start; i < count; i++)
{
    var result = await engine.PostAsync(ledger, CrashJournal.For(provider, i), $"{args[1]}-{i}");
    if (!result.Succeeded)
    {
        Console.Error.WriteLine($"FAIL {args[1]}-{i} {string.Join("; ", result.Errors)}");
        return 1;
    }

    Console.Out.WriteLine($"ACK {args[1]}-{i} {result.Journal.Sequence}");
    Console.Out.Flush();
}

return 0;

/// <summary>The journal a writer posts for its i-th key: deterministic, so a resend is a replay.</summary>
public static class CrashJournal
{
    /// <summary>The i-th journal.</summary>
    public static JournalDraft For(EntityId provider, int i)
    {
        var amount = Money.FromMinorUnits(100 + (i % 977), Currency.CNY);
        return new JournalDraft(new LocalDate(2026, 3, 1).PlusDays(i % 28), JournalKind.Sale, $"crash-test sale {i}",
        [
            LineDraft.Debit(provider, "1002.01", amount),
            LineDraft.Credit(provider, "4301.01", amount),
        ]);
    }
}
