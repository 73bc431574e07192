using System.Diagnostics;
using System.Globalization;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Economy;
using NodaTime;

namespace CommunityFund.Tests.Reports;

/// <summary>
/// A generated year of activity, exported and loaded by the real hledger and Beancount (Debian packages, installed by
/// .ci/run): both accept the files and their balances equal our maintained balances to the fen.
/// </summary>
[Trait("Category", "Tools")]
public sealed class PlainTextExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cf-export-").FullName;

    [Fact]
    public async Task HledgerExport_LoadsInHledgerWithTheSameBalances()
    {
        var books = YearOfActivity();
        var path = Path.Combine(_folder, "books.journal");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            await PlainTextExports.WriteHledgerAsync(books.Ledgers, EconomyBooks.Ledger, writer);
        }

        Assert.Equal(Ours(books), HledgerBalances(path));
    }

    /// <summary>hledger's balances of a journal file as "amount commodity" by "entity|code".</summary>
    /// <param name="path">The journal file.</param>
    /// <param name="options">More options for <c>hledger balance</c> (a date range, say).</param>
    internal static Dictionary<string, string> HledgerBalances(string path, params string[] options)
    {
        var csv = Run("hledger", ["-f", path, "balance", "--flat", "--no-total", "-O", "csv", .. options]);
        var theirs = new Dictionary<string, string>();
        foreach (var row in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = row.Split("\",\"");
            var account = cells[0].Trim('"');
            var entity = account[..account.IndexOf(':', StringComparison.Ordinal)];
            var code = account[(entity.Length + 1)..].Split(' ')[0];
            theirs[$"{entity}|{code}"] = cells[1].Trim('"', '\r');
        }

        return theirs;
    }

    [Fact]
    public async Task BeancountExport_PassesBeanCheckWithTheSameBalances()
    {
        var books = YearOfActivity();
        var path = Path.Combine(_folder, "books.beancount");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            await PlainTextExports.WriteBeancountAsync(books.Ledgers, EconomyBooks.Ledger, writer);
        }

        Assert.Equal(Ours(books).ToDictionary(p => p.Key, p => (Money.Parse(p.Value.Split(' ')[0], Currency.CNY).ToDecimal(), p.Value.Split(' ')[1])), BeancountBalances(path));
    }

    /// <summary>Checks a Beancount file with bean-check, and answers its balances by "entity|code" (non-zero only).</summary>
    /// <param name="path">The Beancount file.</param>
    internal static Dictionary<string, (decimal, string)> BeancountBalances(string path)
    {
        Run("bean-check", path);
        var csv = Run("bean-query", "-f", "csv", path, "SELECT account, sum(number) AS total, currency GROUP BY account, currency");
        var theirs = new Dictionary<string, (decimal, string)>();
        foreach (var row in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = row.Trim('\r').Split(',');
            var parts = cells[0].Trim().Split(':');
            var entity = char.ToLowerInvariant(parts[^2][0]) + parts[^2][1..];
            var code = parts[^1][1..].Replace('-', '.');
            var total = decimal.Parse(cells[1].Trim(), CultureInfo.InvariantCulture);
            if (total != 0)
            {
                theirs[$"{entity}|{code}"] = (total, cells[2].Trim());
            }
        }

        return theirs;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static EconomyBooks YearOfActivity()
    {
        var (books, _) = DistributionPropertyTests.Simulation.Run(seed: 2026, steps: 300);
        var provider = EconomyBooks.ElderCare;
        var hours = Money.FromMinorUnits(250, Currency.HOUR);
        var rent = Money.FromDecimal(3000m, Currency.CNY);
        var journal = new JournalDraft(new LocalDate(2026, 6, 1), JournalKind.Lease, "Fair rent forgone \"activity room\"; memo only",
        [
            LineDraft.Debit(provider, "M110", hours).With(DimensionNames.Member, "v-0007"),
            LineDraft.Credit(provider, "M100", hours),
            LineDraft.Debit(provider, "M400.01", rent).With(DimensionNames.Agreement, "lease-2026-01"),
            LineDraft.Debit(provider, "5101.02", Money.FromDecimal(1m, Currency.CNY)),
            LineDraft.Credit(provider, "1002.01", Money.FromDecimal(1m, Currency.CNY)),
            LineDraft.Credit(provider, "M400.09", rent),
        ]);
        Assert.True(books.Engine.PostAsync(EconomyBooks.Ledger, journal).GetAwaiter().GetResult().Succeeded);
        return books;
    }

    /// <summary>Our maintained balances as "amount commodity" by "entity|code" (memo CNY as MEMOCNY).</summary>
    internal static Dictionary<string, string> Ours(EconomyBooks books) =>
        books.AllBalances()
            .Where(b => b.DebitMinorUnits != b.CreditMinorUnits)
            .ToDictionary(
                b => $"{b.Entity}|{b.Account}",
                b => $"{b.Balance.ToAmountString()} {(b.Account.IsMemo && b.Unit == Currency.CNY ? PlainTextExports.MemoCny : b.Unit.Code)}");

    private static string Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && error.Result.Length == 0, $"{tool} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }
}
