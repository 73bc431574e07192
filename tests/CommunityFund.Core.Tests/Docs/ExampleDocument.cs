using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Posting;

namespace CommunityFund.Tests.Docs;

/// <summary>Renders worked examples in docs/examples from real runs, and checks the committed files against them, so an
/// example can never go stale. Set UPDATE_DOCS=1 to rewrite them.</summary>
internal static class ExampleDocument
{
    /// <summary>Fails when docs/examples/<paramref name="name"/> differs from <paramref name="markdown"/> (rewrites it under UPDATE_DOCS=1).</summary>
    internal static void AssertCommitted(string name, string markdown)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "examples", name);
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, markdown);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with UPDATE_DOCS=1 to generate it.");
        Assert.True(File.ReadAllText(path) == markdown, $"{path} is stale; run the tests with UPDATE_DOCS=1 and review the diff.");
    }

    /// <summary>One journal as a heading and a table of its lines, with the metadata under the given prefixes.</summary>
    internal static void AppendJournal(StringBuilder text, LedgerDefinition definition, Journal journal, string memo, params string[] metadataPrefixes)
    {
        text.AppendLine($"## {journal.Sequence}. {journal.AccountingDate:yyyy-MM-dd} {journal.Kind}: {memo}");
        text.AppendLine();
        text.AppendLine("| entity | account | name | debit | credit | unit | dimensions |");
        text.AppendLine("|---|---|---|--:|--:|---|---|");
        foreach (var line in journal.Lines)
        {
            var account = definition.FindEntity(line.Entity)!.Chart.Get(line.Account);
            var amount = line.Amount.ToAmountString();
            text.AppendLine($"| {line.Entity} | {line.Account} | {account.NameZh} {account.NameEn} | {(line.Side == Side.Debit ? amount : string.Empty)} | {(line.Side == Side.Credit ? amount : string.Empty)} | {line.Amount.Currency.Code} | {line.Dimensions.ToString().Replace("|", "/", StringComparison.Ordinal)} |");
        }

        var facts = journal.Metadata.Where(m => metadataPrefixes.Any(p => m.Key.StartsWith(p, StringComparison.Ordinal)));
        if (facts.Any())
        {
            text.AppendLine();
            text.AppendLine("Recorded with the journal: " + string.Join(", ", facts.Select(m => $"`{m.Key}={m.Value}`")) + ".");
        }

        text.AppendLine();
    }

    /// <summary>A table of every money account's balance at the end, and the check that none is in credit.</summary>
    internal static void AppendCashAndBank(StringBuilder text, IEnumerable<Storage.AccountBalance> balances)
    {
        text.AppendLine("## Cash and bank at the end");
        text.AppendLine();
        text.AppendLine("No cash, bank or in-transit account is ever in credit: every payment was made from money the account held.");
        text.AppendLine();
        text.AppendLine("| entity | account | balance |");
        text.AppendLine("|---|---|--:|");
        foreach (var balance in balances.Where(b => global::CommunityFund.Reports.CashPositions.IsCash(b.Account) && b.Unit == Currency.CNY).OrderBy(b => b.Entity).ThenBy(b => b.Account))
        {
            Assert.False(balance.Balance.IsNegative, $"{balance.Entity} {balance.Account} ends in credit: {balance.Balance}");
            text.AppendLine($"| {balance.Entity} | {balance.Account} | {balance.Balance.ToAmountString()} |");
        }

        text.AppendLine();
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CommunityFund.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CommunityFund.sln not found above the test directory.");
    }
}
