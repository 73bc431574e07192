namespace CommunityFund.Api.Imports.Statements;

/// <summary>
/// Where a bank's CSV statement keeps what a <see cref="CommunityFund.Economy.StatementRow"/> needs: header names (matched exactly,
/// after trimming), the date format, the encoding and how many lines come before the header. Amounts are either two
/// columns (<see cref="AmountIn"/> and <see cref="AmountOut"/>, one of them filled on each row) or one signed column
/// (<see cref="SignedAmount"/>: positive is money in).
/// </summary>
/// <param name="Date">The column of the booking date.</param>
public sealed record BankColumnMapping(string Date)
{
    /// <summary>The column of the time of day, if the bank gives one (otherwise rows are at midnight).</summary>
    public string? Time { get; init; }

    /// <summary>The column of money in (贷方发生额 / 收入金额).</summary>
    public string? AmountIn { get; init; }

    /// <summary>The column of money out (借方发生额 / 支出金额).</summary>
    public string? AmountOut { get; init; }

    /// <summary>The one signed amount column, instead of <see cref="AmountIn"/> and <see cref="AmountOut"/>.</summary>
    public string? SignedAmount { get; init; }

    /// <summary>The column naming the other party (对方户名).</summary>
    public string? Counterparty { get; init; }

    /// <summary>The column of the bank's reference or serial number (流水号), the row's transaction id; without it an id
    /// is derived (see docs/reconciliation.md).</summary>
    public string? Reference { get; init; }

    /// <summary>The column of the memo (摘要 / 附言).</summary>
    public string? Memo { get; init; }

    /// <summary>The column of the running balance (余额); when given, every row's balance is checked.</summary>
    public string? Balance { get; init; }

    /// <summary>The date's NodaTime pattern, <c>yyyy-MM-dd</c> by default (e.g. <c>yyyyMMdd</c>, <c>yyyy/MM/dd</c>).</summary>
    public string DateFormat { get; init; } = "yyyy-MM-dd";

    /// <summary>The time's NodaTime pattern, <c>HH:mm:ss</c> by default.</summary>
    public string TimeFormat { get; init; } = "HH:mm:ss";

    /// <summary>The file's encoding, UTF-8 by default.</summary>
    public BankFileEncoding Encoding { get; init; } = BankFileEncoding.Utf8;

    /// <summary>How many lines come before the header (a bank's title, account number, period).</summary>
    public int SkipLines { get; init; }
}
