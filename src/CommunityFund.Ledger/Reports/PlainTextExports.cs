using System.Globalization;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Posting;
using CommunityFund.Storage;
using NodaTime.Text;

namespace CommunityFund.Reports;

/// <summary>
/// Exports a ledger as plain-text accounting journals that independent tools can recheck: hledger/ledger format
/// and Beancount format. Journals stream page by page, so memory stays flat however large the ledger. Accounts carry
/// the entity, the code and (for hledger) the Chinese and English names; memo units are commodities (HOUR, POINT,
/// COUNT, and MEMOCNY for CNY kept in memo accounts, which never mixes with real CNY); dimensions become tags
/// (hledger) or posting metadata (Beancount).
/// </summary>
public static class PlainTextExports
{
    /// <summary>The commodity of CNY amounts kept in memo accounts (e.g. M400, fair rent forgone).</summary>
    public const string MemoCny = "MEMOCNY";

    /// <summary>Writes the ledger in hledger journal format.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="writer">Where to write (UTF-8).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task WriteHledgerAsync(ILedgerStore store, LedgerId ledger, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var definition = await DefinitionAsync(store, ledger, cancellationToken).ConfigureAwait(false);
        await writer.WriteLineAsync($"; CommunityFund export of ledger {ledger} ({PlainText.Safe(definition.Name, PlainText.MemoPunctuation)}) — hledger journal format").ConfigureAwait(false);
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var text = new StringBuilder();
            text.Append(Date(journal)).Append(" * ").Append(PlainText.Safe(journal.Memo, PlainText.MemoPunctuation))
                .Append("  ; seq:").Append(journal.Sequence.ToString(CultureInfo.InvariantCulture))
                .Append(", kind:").Append(journal.Kind)
                .Append(", id:").Append(journal.Id).Append('\n');
            foreach (var line in journal.Lines)
            {
                text.Append("    ").Append(HledgerAccount(definition, line)).Append("  ")
                    .Append(Amount(line)).Append(' ').Append(Commodity(line));
                if (line.Dimensions.Count > 0)
                {
                    text.Append("  ; ").Append(string.Join(", ", line.Dimensions.Select(d => $"{PlainText.Safe(d.Key, PlainText.TagPunctuation)}:{PlainText.Safe(d.Value, PlainText.TagPunctuation)}")));
                }

                text.Append('\n');
            }

            await writer.WriteAsync(text.Append('\n').ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the ledger in Beancount format (accounts opened before first use).</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="writer">Where to write (UTF-8).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task WriteBeancountAsync(ILedgerStore store, LedgerId ledger, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var definition = await DefinitionAsync(store, ledger, cancellationToken).ConfigureAwait(false);
        await writer.WriteLineAsync($"; CommunityFund export of ledger {ledger} — Beancount format").ConfigureAwait(false);
        await writer.WriteLineAsync($"option \"title\" \"{Quote(definition.Name)}\"").ConfigureAwait(false);
        // Opened on the date of the opening balances, the day before the books start (the one date before the start a
        // journal may have).
        var opened = LocalDatePattern.Iso.Format(JournalRules.OpeningDate(definition));
        foreach (var commodity in new[] { "CNY", "HOUR", "POINT", "COUNT", MemoCny })
        {
            await writer.WriteLineAsync($"{opened} commodity {commodity}").ConfigureAwait(false);
        }

        // Every account of every chart is opened then, with its names as metadata.
        foreach (var entity in definition.Entities.Values)
        {
            foreach (var account in entity.Chart.Accounts)
            {
                await writer.WriteLineAsync(
                    $"{opened} open {BeancountAccount(entity.Id, account.Code, account.Type)}\n  code: \"{account.Code}\"\n  name: \"{Quote(account.NameZh)} {Quote(account.NameEn)}\"").ConfigureAwait(false);
            }
        }

        await writer.WriteLineAsync().ConfigureAwait(false);
        await foreach (var journal in store.StreamJournalsAsync(ledger, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var text = new StringBuilder();
            text.Append(Date(journal)).Append(" * \"").Append(Quote(OneLine(journal.Memo))).Append("\"\n")
                .Append("  sequence: \"").Append(journal.Sequence.ToString(CultureInfo.InvariantCulture)).Append("\"\n")
                .Append("  kind: \"").Append(journal.Kind).Append("\"\n")
                .Append("  journal: \"").Append(journal.Id).Append("\"\n");
            foreach (var line in journal.Lines)
            {
                var type = definition.FindEntity(line.Entity)?.Chart.Find(line.Account)?.Type ?? (line.Account.IsMemo ? AccountType.Memo : AccountType.Asset);
                text.Append("  ").Append(BeancountAccount(line.Entity, line.Account, type)).Append("  ")
                    .Append(Amount(line)).Append(' ').Append(Commodity(line)).Append('\n');
                foreach (var (name, value) in line.Dimensions)
                {
                    text.Append("    ").Append(name).Append(": \"").Append(Quote(OneLine(value))).Append("\"\n");
                }
            }

            await writer.WriteAsync(text.Append('\n').ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The hledger account name of a line: <c>entity:code name-zh name-en</c>, the names by the allow-list of
    /// <see cref="PlainText"/> (single spaces; no colon, semicolon, price, assertion or bracket).</summary>
    /// <param name="definition">The ledger definition (for the names).</param>
    /// <param name="line">The line.</param>
    /// <returns>The account name.</returns>
    public static string HledgerAccount(LedgerDefinition definition, JournalLine line)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(line);
        var account = definition.FindEntity(line.Entity)?.Chart.Find(line.Account);
        var name = account is null ? string.Empty : $" {PlainText.Safe($"{account.NameZh} {account.NameEn}", PlainText.AccountPunctuation)}";
        return $"{line.Entity}:{line.Account}{name}".TrimEnd();
    }

    /// <summary>The Beancount account of an entity's account: <c>Root:Entity:Ccode</c>, e.g. <c>Assets:Elder-care:C1009-01</c>.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="code">The account code.</param>
    /// <param name="type">The account type (decides the root).</param>
    /// <returns>The account name.</returns>
    public static string BeancountAccount(EntityId entity, AccountCode code, AccountType type)
    {
        var root = type switch
        {
            AccountType.Asset => "Assets",
            AccountType.Liability => "Liabilities",
            AccountType.NetAssets => "Equity",
            AccountType.Revenue => "Income",
            AccountType.Expense => "Expenses",
            _ => "Equity:Memo",
        };
        var slug = entity.Value;
        return $"{root}:{char.ToUpperInvariant(slug[0])}{slug[1..]}:C{code.Value.Replace('.', '-')}";
    }

    private static async Task<LedgerDefinition> DefinitionAsync(ILedgerStore store, LedgerId ledger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        return (await store.GetLedgerAsync(ledger, ct).ConfigureAwait(false))?.Definition ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
    }

    private static string Date(Journal journal) => LocalDatePattern.Iso.Format(journal.AccountingDate);

    private static string Amount(JournalLine line) => Money.FromMinorUnits(line.SignedMinorUnits, line.Amount.Currency).ToAmountString();

    private static string Commodity(JournalLine line) => line.Account.IsMemo && line.Amount.Currency == Currency.CNY ? MemoCny : line.Amount.Currency.Code;

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ').Replace(';', ',');

    /// <summary>A Beancount string's content: on one line (every control character a space), backslash and quote escaped.</summary>
    private static string Quote(string text) =>
        new string([.. OneLine(text).Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c)])
            .Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
