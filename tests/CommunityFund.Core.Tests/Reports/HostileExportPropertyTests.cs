using System.Text;
using CommunityFund.Community;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Reports;
using CommunityFund.Tests.Economy;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;

namespace CommunityFund.Tests.Reports;

/// <summary>
/// Exports that cannot be made to lie (issue 21, item 9): for random hostile sub-account names, memos, dimension values
/// and time-bank member names — ideographic and other Unicode spaces, hledger's syntax (<c>@@</c>, <c>=</c>, <c>;</c>,
/// bracketed dates, <c>date:</c> tags, <c>|</c>, parentheses), line breaks, and spreadsheet formulas — the real hledger
/// (over the books' dates only, so a redated posting would go missing) and bean-check agree with the books' balances to
/// the fen, and no CSV cell starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return unless it
/// is a number. Cases: 6 by default, <c>COMMUNITYFUND_EXPORT_CASES</c> for more.
/// </summary>
[Trait("Category", "Tools")]
public sealed class HostileExportPropertyTests : IDisposable
{
    private static readonly string[] Fragments =
    [
        "\u3000\u3000", "9999.00 CNY @@", " @ 3 USD", "= 5 CNY", "== 1", "[2099-01-01]", "[=2099-01-01]", "date:2099-01-01", "date2:2001-01-01",
        ";", " ; note", "@", "=", "(", ")", "[", "]", "*", "!", "  ", "\t", "|", ":", ",", "\"", "\\", "-1+1+cmd|' /C calc'!A0",
        "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "-", "\u00A0\u00A0", "\u2028", "\u2003\u2003", "\u200B", "\u202E", "\uFEFF",
        "社区 客厅", "长者助餐", "a", "7", "0.5", "\n2026-01-02 * injected\n    x  1 CNY\n    y\n", "tag:value,", "#", "%", "{", "}", "~", "$", "'",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("cf-hostile-").FullName;

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("COMMUNITYFUND_EXPORT_CASES"), out var n) ? n : 6;

    [Fact]
    public void HostileNamesMemosAndDimensions_ExportsAgreeWithTheBooks_AndNoCsvCellIsAFormula() =>
        Prop.ForAll(Generators.Seeds, seed =>
        {
            var books = HostileBooks(new Random(seed));
            var folder = Directory.CreateDirectory(Path.Combine(_folder, seed.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            var journal = Write(folder, "books.journal", w => PlainTextExports.WriteHledgerAsync(books.Ledgers, EconomyBooks.Ledger, w));
            var beancount = Write(folder, "books.beancount", w => PlainTextExports.WriteBeancountAsync(books.Ledgers, EconomyBooks.Ledger, w));
            var csv = Write(folder, "books.csv", w => CsvExports.WriteJournalsAsync(books.Ledgers, EconomyBooks.Ledger, w));
            var ours = PlainTextExportTests.Ours(books);

            Assert.Equal(ours, PlainTextExportTests.HledgerBalances(journal, "-b", "2025-12-31", "-e", "2027-01-01"));
            Assert.Equal(ours.ToDictionary(p => p.Key, p => (Money.Parse(p.Value.Split(' ')[0], Currency.CNY).ToDecimal(), p.Value.Split(' ')[1])),
                PlainTextExportTests.BeancountBalances(beancount));
            var rows = CsvRows(File.ReadAllText(csv, Encoding.UTF8).TrimStart('\uFEFF'));
            Assert.Equal(1 + books.Journals().Sum(j => j.Lines.Length), rows.Count);
            Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(cell), $"CSV cell '{cell}' (seed {seed})"));
        }).Check(Generators.Runs(Cases));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A few fragments around an <c>x</c> (never blank), half the time led by one (a leading <c>=</c> or
    /// <c>(</c> matters), at most 100 characters; without control characters where the books refuse them (memos and
    /// dimension values; a sub-account's name may hold them).</summary>
    private static string Hostile(Random random, bool controls = true)
    {
        var text = new StringBuilder(random.Next(2) == 0 ? Fragments[random.Next(Fragments.Length)] : string.Empty).Append('x');
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        var hostile = text.ToString()[..Math.Min(100, text.Length)];
        return controls ? hostile : new string([.. hostile.Select(c => char.IsControl(c) ? ' ' : c)]);
    }

    /// <summary>Sub-accounts named by an attacker, journals with their memos and dimension values, and time-bank awards to
    /// members named by one.</summary>
    private static EconomyBooks HostileBooks(Random random)
    {
        var books = EconomyBooks.Create();
        var definitions = new DefinitionCommands(books.Engine);
        var bank = new TimeBank(books.Ledgers, books.Engine);
        for (var suffix = 51; suffix <= 53; suffix++)
        {
            Assert.True(definitions.AddSubAccountAsync(EconomyBooks.Ledger, EconomyBooks.ElderCare, AccountCode.Parse("5101"), suffix, Hostile(random), Hostile(random))
                .GetAwaiter().GetResult().Succeeded);
        }

        for (var i = 0; i < 6; i++)
        {
            var date = new LocalDate(2026, 1, 1).PlusDays(random.Next(0, 365));
            var amount = Money.FromMinorUnits(random.Next(1, 1_000_000), Currency.CNY);
            var journal = new JournalDraft(date, JournalKind.Manual, Hostile(random, controls: false),
            [
                LineDraft.Debit(EconomyBooks.ElderCare, $"5101.{random.Next(51, 54)}", amount)
                    .With(DimensionNames.Programme, Hostile(random, controls: false)).With(DimensionNames.Counterparty, Hostile(random, controls: false)),
                LineDraft.Credit(EconomyBooks.ElderCare, "1002.01", amount),
            ]);
            var posted = books.Engine.PostAsync(EconomyBooks.Ledger, journal).GetAwaiter().GetResult();
            Assert.True(posted.Succeeded, string.Join("; ", posted.Errors.Select(e => e.Message)));
            var award = new MemoTransfer(EconomyBooks.ElderCare, MemoTransferKind.Award, Money.FromMinorUnits(random.Next(1, 1_000), Currency.HOUR), date, Hostile(random, controls: false))
            {
                To = Hostile(random, controls: false),
            };
            var awarded = bank.TransferAsync(EconomyBooks.Ledger, award, MemoUnitRules.TimeBank).GetAwaiter().GetResult();
            Assert.True(awarded.Succeeded, string.Join("; ", awarded.Errors.Select(e => e.Message)));
        }

        return books;
    }

    private static string Write(string folder, string name, Func<TextWriter, Task> write)
    {
        var path = Path.Combine(folder, name);
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            write(writer).GetAwaiter().GetResult();
        }

        return path;
    }

    private static bool IsNumber(string cell) => System.Text.RegularExpressions.Regex.IsMatch(cell, "^-?[0-9]+(\\.[0-9]+)?$");

    /// <summary>The rows of an RFC 4180 text: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<List<string>> CsvRows(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
