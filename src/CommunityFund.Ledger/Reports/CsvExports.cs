using System.Globalization;
using System.Text;
using CommunityFund.Ledger;
using CommunityFund.Storage;

using NodaTime;

namespace CommunityFund.Reports;

/// <summary>
/// CSV for spreadsheets (RFC 4180: comma-separated, CRLF, quoted where needed), with Chinese and English account
/// names and amounts as plain decimals. Write through a writer made with <see cref="Encoding"/> (UTF-8 with a byte-order
/// mark), so Excel opens the Chinese names correctly. The journal export streams page by page: memory stays flat.
/// </summary>
public static class CsvExports
{
    /// <summary>UTF-8 with a byte-order mark, which Excel needs to read UTF-8 CSV.</summary>
    public static Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes every journal line of a ledger (or of one entity), one row per line, in sequence order.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="entity">One entity's lines only, or <c>null</c> for all.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static Task WriteJournalsAsync(ILedgerStore store, LedgerId ledger, TextWriter writer, EntityId? entity = null, CancellationToken cancellationToken = default) =>
        WriteJournalsAsync(store, ledger, writer, entity, null, null, cancellationToken);

    /// <summary>Writes the journal lines of a ledger (or of one entity) dated in a range, one row per line, in sequence
    /// order.</summary>
    /// <param name="store">The store.</param>
    /// <param name="ledger">The ledger.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="entity">One entity's lines only, or <c>null</c> for all.</param>
    /// <param name="from">The first accounting date, or <c>null</c> for the books' start.</param>
    /// <param name="to">The last accounting date, or <c>null</c> for no end.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task WriteJournalsAsync(ILedgerStore store, LedgerId ledger, TextWriter writer, EntityId? entity, LocalDate? from, LocalDate? to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        var definition = (await store.GetLedgerAsync(ledger, cancellationToken).ConfigureAwait(false))?.Definition ?? throw new KeyNotFoundException($"Ledger '{ledger}' does not exist.");
        await WriteRowAsync(writer, "sequence", "date", "journal", "kind", "memo", "entity", "account", "name_zh", "name_en", "debit", "credit", "unit", "dimensions", "hash").ConfigureAwait(false);
        await foreach (var journal in store.ReadDatedJournalsAsync(ledger, from, to, cancellationToken).ConfigureAwait(false))
        {
            foreach (var line in journal.Lines.Where(l => entity is null || l.Entity == entity))
            {
                var account = definition.FindEntity(line.Entity)?.Chart.Find(line.Account);
                var amount = line.Amount.ToAmountString();
                await WriteRowAsync(writer,
                    journal.Sequence.ToString(CultureInfo.InvariantCulture), journal.AccountingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), journal.Id.ToString(),
                    journal.Kind.ToString(), journal.Memo, line.Entity.Value, line.Account.Value, account?.NameZh ?? string.Empty, account?.NameEn ?? string.Empty,
                    line.Side == Side.Debit ? amount : string.Empty, line.Side == Side.Credit ? amount : string.Empty, line.Amount.Currency.Code,
                    line.Dimensions.ToString(), journal.Hash).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a trial balance: one row per account and unit, with the totals per unit.</summary>
    /// <param name="trialBalance">The trial balance.</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteTrialBalanceAsync(TrialBalance trialBalance, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(trialBalance);
        ArgumentNullException.ThrowIfNull(writer);
        await WriteRowAsync(writer, "unit", "account", "name_zh", "name_en", "type", "debits", "credits", "debit_balance", "credit_balance").ConfigureAwait(false);
        foreach (var section in trialBalance.Sections)
        {
            foreach (var row in section.Rows)
            {
                await WriteRowAsync(writer, section.Unit.Code, row.Account.Value, row.NameZh, row.NameEn, row.Type.ToString(), row.Debits.ToAmountString(), row.Credits.ToAmountString(),
                    row.DebitBalance.ToAmountString(), row.CreditBalance.ToAmountString()).ConfigureAwait(false);
            }

            await WriteRowAsync(writer, section.Unit.Code, string.Empty, "合计", "Total", string.Empty, string.Empty, string.Empty,
                section.TotalDebitBalance.ToAmountString(), section.TotalCreditBalance.ToAmountString()).ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes an account register with its opening balance, lines and running balance.</summary>
    /// <param name="register">The register.</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteRegisterAsync(AccountRegister register, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(writer);
        await WriteRowAsync(writer, "date", "sequence", "journal", "kind", "memo", "debit", "credit", "balance").ConfigureAwait(false);
        await WriteRowAsync(writer, string.Empty, string.Empty, string.Empty, string.Empty, "期初余额 Opening balance", string.Empty, string.Empty, register.Opening.ToAmountString()).ConfigureAwait(false);
        foreach (var line in register.Lines)
        {
            await WriteRowAsync(writer, line.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), line.Sequence.ToString(CultureInfo.InvariantCulture), line.Journal.ToString(),
                line.Kind.ToString(), line.Memo, line.Debit.IsZero ? string.Empty : line.Debit.ToAmountString(), line.Credit.IsZero ? string.Empty : line.Credit.ToAmountString(),
                line.Balance.ToAmountString()).ConfigureAwait(false);
        }

        await WriteRowAsync(writer, string.Empty, string.Empty, string.Empty, string.Empty, "期末余额 Closing balance", string.Empty, string.Empty, register.Closing.ToAmountString()).ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes a 民非 statement (业务活动表 or 资产负债表) with unrestricted, restricted and total columns.</summary>
    /// <param name="sections">Named groups of lines, in order (e.g. revenues, expenses).</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteStatementAsync(IEnumerable<(string Section, IEnumerable<StatementLine> Lines)> sections, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(writer);
        await WriteRowAsync(writer, "section", "account", "name_zh", "name_en", "unrestricted", "restricted", "total").ConfigureAwait(false);
        foreach (var (section, lines) in sections)
        {
            foreach (var line in lines)
            {
                await WriteRowAsync(writer, section, line.Code, line.NameZh, line.NameEn, line.Unrestricted.ToAmountString(), line.Restricted.ToAmountString(), line.Total.ToAmountString()).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes a company-form statement (利润表 or 资产负债表): one amount per line.</summary>
    /// <param name="sections">Named groups of lines, in order.</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteAmountsAsync(IEnumerable<(string Section, IEnumerable<AmountLine> Lines)> sections, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(writer);
        await WriteRowAsync(writer, "section", "account", "name_zh", "name_en", "amount").ConfigureAwait(false);
        foreach (var (section, lines) in sections)
        {
            foreach (var line in lines)
            {
                await WriteRowAsync(writer, section, line.Code, line.NameZh, line.NameEn, line.Amount.ToAmountString()).ConfigureAwait(false);
            }
        }

        await writer.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Quotes a field when it holds a comma, a quote, a line break or leading/trailing spaces; a field that
    /// a spreadsheet could run as a formula — one starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
    /// carriage return that is not entirely a number (so <c>-1+1+cmd|' /C calc'!A0</c> is caught, <c>-100.00</c> is
    /// not) — is prefixed with an apostrophe.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The CSV text of the field.</returns>
    public static string Field(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(field))
        {
            field = "'" + field;
        }

        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' '))
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
    }

    /// <summary><c>true</c> for a plain decimal as the exports write amounts: an optional minus, ASCII digits, and
    /// optionally a point and more digits.</summary>
    private static bool IsNumber(string field)
    {
        var digits = field.AsSpan(field[0] == '-' ? 1 : 0);
        var point = digits.IndexOf('.');
        var whole = point < 0 ? digits : digits[..point];
        var fraction = point < 0 ? "0" : digits[(point + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && !whole.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9');
    }

    private static string Date(NodaTime.LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Writes one CSV row: the fields quoted by <see cref="Field"/>, separated by commas, ended by CRLF.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="fields">The fields of the row.</param>
    /// <returns>A task.</returns>
    public static async Task WriteRowAsync(TextWriter writer, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(fields);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(',').ConfigureAwait(false);
            }

            await writer.WriteAsync(Field(fields[i])).ConfigureAwait(false);
        }

        await writer.WriteAsync("\r\n").ConfigureAwait(false);
    }
}
