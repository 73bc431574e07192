using System.Collections.Immutable;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using NodaTime;
using static CommunityFund.Tests.TestBooks;

namespace CommunityFund.Tests.Posting;

/// <summary>Builds random valid journals for <see cref="TestBooks"/> from a seed, so property failures name a reproducible seed.</summary>
internal static class RandomJournals
{
    private static readonly (EntityId Entity, string[] Accounts)[] MoneyAccounts =
    [
        (Provider, ["1001", "1002.01", "1009.01", "2203.01", "2209.01", "2209.02", "4301.01", "4501.01", "5101.01", "5101.03", "5201"]),
        (Hub, ["1001", "1002.01", "1122.01", "2241.01", "5001.01", "5602"]),
        (Fund, ["1002.02", "4101.01", "5101.06", "2209.01"]),
    ];

    private static readonly (string Debit, string Credit, Currency Unit)[] MemoPairs =
    [
        ("M110", "M100", Currency.HOUR),
        ("M210", "M200", Currency.POINT),
        ("M500.02", "M500.09", Currency.COUNT),
    ];

    internal static JournalDraft Valid(Random random, LocalDate? date = null)
    {
        var lines = new List<LineDraft>();
        var entities = MoneyAccounts.OrderBy(_ => random.Next()).Take(random.Next(1, 4));
        foreach (var (entity, accounts) in entities)
        {
            for (var pair = random.Next(1, 3); pair > 0; pair--)
            {
                var amount = Money.FromMinorUnits(RandomAmount(random), Currency.CNY);
                lines.Add(new LineDraft(entity, AccountCode.Parse(accounts[random.Next(accounts.Length)]), Side.Debit, amount));
                if (amount.MinorUnits > 1 && random.Next(3) == 0)
                {
                    foreach (var part in amount.Allocate([7000, 2500, 500]).Where(p => p.IsPositive))
                    {
                        lines.Add(new LineDraft(entity, AccountCode.Parse(accounts[random.Next(accounts.Length)]), Side.Credit, part));
                    }
                }
                else
                {
                    lines.Add(new LineDraft(entity, AccountCode.Parse(accounts[random.Next(accounts.Length)]), Side.Credit, amount));
                }
            }
        }

        if (random.Next(4) == 0)
        {
            var (debit, credit, unit) = MemoPairs[random.Next(MemoPairs.Length)];
            var amount = Money.FromMinorUnits(random.Next(1, 100_000), unit);
            lines.Add(new LineDraft(Provider, AccountCode.Parse(debit), Side.Debit, amount).With(DimensionNames.Member, $"r-{random.Next(100):000}"));
            lines.Add(new LineDraft(Provider, AccountCode.Parse(credit), Side.Credit, amount));
        }

        var shuffled = lines.OrderBy(_ => random.Next()).ToImmutableArray();
        var metadata = random.Next(3) == 0 ? JournalMetadata.From(("note", $"n{random.Next()}")) : JournalMetadata.Empty;
        return new JournalDraft(date ?? RandomDate(random), JournalKind.Manual, $"random journal {random.Next()}", shuffled) { Metadata = metadata };
    }

    internal static LocalDate RandomDate(Random random) => BooksStart.PlusDays(random.Next(0, 365));

    internal static long RandomAmount(Random random) => random.Next(4) switch
    {
        0 => random.Next(1, 100),
        1 => random.Next(1, 1_000_000),
        2 => random.NextInt64(1, 10_000_000_000),
        _ => random.NextInt64(1, 1_000_000_000_000),
    };

    /// <summary>One corruption of a valid journal and the error code it must be refused with.</summary>
    internal static (JournalDraft Draft, string Code, string Description) Corrupt(JournalDraft valid, Random random)
    {
        var lines = valid.Lines;
        var index = random.Next(lines.Length);
        var line = lines[index];
        switch (random.Next(7))
        {
            case 0:
                var changed = line with { Amount = line.Amount.Plus(Money.FromMinorUnits(random.Next(1, 1000), line.Amount.Currency)) };
                return (valid with { Lines = lines.SetItem(index, changed) }, ErrorCodes.JournalUnbalanced, "one amount changed");
            case 1:
                var dropped = lines.RemoveAt(index);
                return (valid with { Lines = dropped }, dropped.Length < 2 ? ErrorCodes.JournalTooFewLines : ErrorCodes.JournalUnbalanced, "a line dropped");
            case 2:
                var otherUnit = line.Amount.Currency == Currency.CNY ? Currency.HOUR : Currency.CNY;
                var mixed = line with { Amount = Money.FromMinorUnits(line.Amount.MinorUnits, otherUnit) };
                return (valid with { Lines = lines.SetItem(index, mixed) }, ErrorCodes.AccountUnitMismatch, "mixed units");
            case 3:
                var foreign = line.Entity == Hub ? "4301.01" : "5001.01";
                return (valid with { Lines = lines.SetItem(index, line with { Account = AccountCode.Parse(foreign) }) }, ErrorCodes.AccountNotFound, "foreign account");
            case 4:
                return (valid with { Lines = lines.SetItem(index, line with { Amount = Money.Zero(line.Amount.Currency) }) }, ErrorCodes.LineAmountNotPositive, "zero amount");
            case 5:
                return (valid with { Lines = lines.SetItem(index, line with { Amount = line.Amount.Negate() }) }, ErrorCodes.LineAmountNotPositive, "negative amount");
            default:
                return (valid with { AccountingDate = BooksStart.PlusDays(-random.Next(1, 400)) }, ErrorCodes.PeriodBeforeBooksStart, "date before the books start");
        }
    }
}
