using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CommunityFund.Economy;
using CommunityFund.Ledger;
using NodaTime;
using NodaTime.Text;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>
/// Reads a bank's CSV statement through a <see cref="BankColumnMapping"/>: money in is a <see cref="StatementRowKind.BankCredit"/>,
/// money out a <see cref="StatementRowKind.BankDebit"/>. The transaction id is the reference column's, or — when the bank
/// gives none — <c>bank-</c> and the first 20 hex digits of the SHA-256 of
/// <c>date time|signed fen|counterparty|balance fen|occurrence</c> (occurrence: how many earlier rows of the file had the
/// same date, time, amount, counterparty and balance), stable when the same statement is imported again. With a balance
/// column each row's balance must follow from the row before (oldest first, or newest first as some banks export).
/// </summary>
internal static class BankStatement
{
    /// <summary>Reads the statement's rows into the context.</summary>
    /// <param name="csv">The file.</param>
    /// <param name="mapping">The columns.</param>
    /// <param name="context">The rows and problems.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    internal static async Task ReadAsync(StatementCsv csv, BankColumnMapping mapping, StatementContext context, CancellationToken cancellationToken)
    {
        StatementHeader? header = null;
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var balances = new BalanceCheck(context, mapping.Balance ?? string.Empty);
        while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            if (record.Line <= mapping.SkipLines)
            {
                continue;
            }

            if (header is null)
            {
                header = new StatementHeader(record.Line, record.Cells);
                string?[] columns = [mapping.Date, mapping.Time, mapping.AmountIn, mapping.AmountOut, mapping.SignedAmount, mapping.Counterparty, mapping.Reference, mapping.Memo, mapping.Balance];
                if (!header.Require(context, [.. columns.OfType<string>()]))
                {
                    return;
                }
            }
            else if (header.Fits(context, record.Line, record.Cells) && Row(header, mapping, record.Line, record.Cells, context, occurrences) is { } row)
            {
                balances.Check(row);
            }
        }

        if (header is null)
        {
            context.Add(csv.LastLine, mapping.Date, StatementErrorCodes.Malformed, "The statement has no header row.");
        }
    }

    private static StatementRow? Row(StatementHeader header, BankColumnMapping mapping, int line, string[] cells, StatementContext context, Dictionary<string, int> occurrences)
    {
        var problems = context.Problems.Count;
        var time = Time(header, mapping, line, cells, context);
        var signed = Signed(header, mapping, line, cells, context);
        var balance = mapping.Balance is null ? null : context.Amount(line, mapping.Balance, header.Cell(cells, mapping.Balance));
        if (context.Problems.Count > problems || time is null || signed is null)
        {
            return null;
        }

        var counterparty = mapping.Counterparty is null ? null : header.Cell(cells, mapping.Counterparty);
        var id = mapping.Reference is null ? null : header.Cell(cells, mapping.Reference);
        if (id is null)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{time.Value:uuuu'-'MM'-'dd' 'HH':'mm':'ss}|{signed.Value.MinorUnits}|{counterparty}|{balance?.MinorUnits}");
            occurrences[key] = occurrences.GetValueOrDefault(key) + 1;
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{key}|{occurrences[key] - 1}")));
            id = "bank-" + Convert.ToHexStringLower(digest)[..20];
        }

        var row = new StatementRow(context.Entity, PaymentChannel.Bank, id, time.Value, signed.Value.IsPositive ? StatementRowKind.BankCredit : StatementRowKind.BankDebit, signed.Value.Abs(), Money.Zero(Currency.CNY), line)
        {
            Counterparty = counterparty,
            Memo = mapping.Memo is null ? null : header.Cell(cells, mapping.Memo),
            Balance = balance,
        };
        context.Keep(row);
        return row;
    }

    private static LocalDateTime? Time(StatementHeader header, BankColumnMapping mapping, int line, string[] cells, StatementContext context)
    {
        var text = header.Cell(cells, mapping.Date);
        var date = LocalDatePattern.CreateWithInvariantCulture(mapping.DateFormat).Parse(text ?? string.Empty);
        if (!date.Success)
        {
            context.Add(line, mapping.Date, StatementErrorCodes.Malformed, $"'{text}' is not a date as {mapping.DateFormat}.");
            return null;
        }

        if (mapping.Time is null)
        {
            return date.Value.AtMidnight();
        }

        var timeText = header.Cell(cells, mapping.Time);
        var time = LocalTimePattern.CreateWithInvariantCulture(mapping.TimeFormat).Parse(timeText ?? string.Empty);
        if (!time.Success)
        {
            context.Add(line, mapping.Time, StatementErrorCodes.Malformed, $"'{timeText}' is not a time as {mapping.TimeFormat}.");
            return null;
        }

        return date.Value + time.Value;
    }

    private static Money? Signed(StatementHeader header, BankColumnMapping mapping, int line, string[] cells, StatementContext context)
    {
        if (mapping.SignedAmount is { } column)
        {
            var signed = context.Amount(line, column, header.Cell(cells, column));
            if (signed is { IsZero: true })
            {
                context.Add(line, column, StatementErrorCodes.AmountInvalid, "The amount is zero.");
                return null;
            }

            return signed;
        }

        var inText = header.Cell(cells, mapping.AmountIn!);
        var outText = header.Cell(cells, mapping.AmountOut!);
        var amountIn = inText is null ? null : context.Amount(line, mapping.AmountIn!, inText);
        var amountOut = outText is null ? null : context.Amount(line, mapping.AmountOut!, outText);
        var moves = (amountIn is { IsZero: false } ? 1 : 0) + (amountOut is { IsZero: false } ? 1 : 0);
        if (moves != 1 || amountIn is { IsNegative: true } || amountOut is { IsNegative: true })
        {
            context.Add(line, mapping.AmountIn, StatementErrorCodes.AmountInvalid, $"Exactly one of {mapping.AmountIn} ('{inText}') and {mapping.AmountOut} ('{outText}') must hold an amount more than zero.");
            return null;
        }

        return amountIn is { IsZero: false } ? amountIn : amountOut!.Value.Negate();
    }
}
