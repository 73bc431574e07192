using CommunityFund.Api.Imports.Statements;

namespace CommunityFund.Api.Apis;

/// <summary>Where an entity's bank statements keep each value: header names as the bank writes them.</summary>
/// <param name="Date">The booking date's column (e.g. 交易日期).</param>
/// <param name="Time">The time of day's column, if any.</param>
/// <param name="AmountIn">The money-in column (贷方发生额), with <paramref name="AmountOut"/>.</param>
/// <param name="AmountOut">The money-out column (借方发生额), with <paramref name="AmountIn"/>.</param>
/// <param name="SignedAmount">One signed amount column instead (positive is money in).</param>
/// <param name="Counterparty">The other party's column (对方户名).</param>
/// <param name="Reference">The bank's serial number column (流水号): the row's id.</param>
/// <param name="Memo">The memo column (摘要).</param>
/// <param name="Balance">The running balance column (余额), checked row by row when given.</param>
/// <param name="DateFormat">The date pattern (default yyyy-MM-dd; e.g. yyyyMMdd).</param>
/// <param name="TimeFormat">The time pattern (default HH:mm:ss).</param>
/// <param name="Encoding">The file's encoding (default UTF-8).</param>
/// <param name="SkipLines">Lines before the header (a title, the account number, the period).</param>
public sealed record BankMappingDto(string Date, string? Time = null, string? AmountIn = null, string? AmountOut = null, string? SignedAmount = null,
    string? Counterparty = null, string? Reference = null, string? Memo = null, string? Balance = null, string DateFormat = "yyyy-MM-dd",
    string TimeFormat = "HH:mm:ss", StatementEncoding Encoding = StatementEncoding.Utf8, int SkipLines = 0)
{
    /// <summary>The mapping the reader uses.</summary>
    public BankColumnMapping ToMapping() => new(Date)
    {
        Time = Time, AmountIn = AmountIn, AmountOut = AmountOut, SignedAmount = SignedAmount, Counterparty = Counterparty, Reference = Reference,
        Memo = Memo, Balance = Balance, DateFormat = DateFormat, TimeFormat = TimeFormat, SkipLines = SkipLines,
        Encoding = Encoding.ToCore(),
    };

    /// <summary>Maps a saved mapping.</summary>
    public static BankMappingDto FromMapping(BankColumnMapping m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.Date, m.Time, m.AmountIn, m.AmountOut, m.SignedAmount, m.Counterparty, m.Reference, m.Memo, m.Balance, m.DateFormat, m.TimeFormat,
            m.Encoding.ToWire(), m.SkipLines);
    }
}

/// <summary>What importing a statement file did.</summary>
/// <param name="Channel">The statement's channel.</param>
/// <param name="Entity">The entity whose account it is.</param>
/// <param name="File">The SHA-256 of the file as received.</param>
/// <param name="Rows">The rows the file holds.</param>
/// <param name="MoneyIn">The file's money in (payments, bank credits), as its own totals check it.</param>
/// <param name="MoneyOut">The file's money out (refunds, bank debits).</param>
/// <param name="Fees">The channel's fees in the file.</param>
/// <param name="Added">Rows new to the books.</param>
/// <param name="AlreadyThere">Rows imported before (same channel transaction id, same content).</param>
/// <param name="Conflicting">Transaction ids imported before with other content (kept as they were; check them).</param>
public sealed record StatementImportDto(PaymentChannel Channel, string Entity, string File, int Rows, Money MoneyIn, Money MoneyOut, Money Fees,
    int Added, int AlreadyThere, IReadOnlyList<string> Conflicting);
