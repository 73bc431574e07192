namespace CommunityFund.Api.Imports.Statements;

/// <summary>
/// The codes of the problems of a statement file (a WeChat Pay or Alipay trade bill, a bank statement): each names
/// a line of the file (and a column where one is at fault) in the problem's <c>lines</c>. A refused file imports
/// nothing. Codes never change meaning; new ones may be added.
/// </summary>
public static class StatementErrorCodes
{
    /// <summary>The file is not the format's CSV: bad quoting, a row with the wrong number of columns, a required
    /// column missing from the header (the problem names it), a value that is not what the column holds (a time, a
    /// status), or a file larger than the import limit.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string Malformed = "statement.malformed";

    /// <summary>The text is not in the format's encoding (an Alipay bill must be GBK, a WeChat Pay bill UTF-8, a bank
    /// statement what its column mapping says): the header reads as the format's only in another encoding, or bytes
    /// do not decode.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string Encoding = "statement.encoding";

    /// <summary>The file is another channel's (an Alipay bill posted as WeChat Pay, or the reverse), recognised by its
    /// header.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string ChannelMismatch = "statement.channel_mismatch";

    /// <summary>The file ends early: a WeChat Pay bill without its summary lines, an Alipay bill without the end of
    /// its detail list and its totals.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string Truncated = "statement.truncated";

    /// <summary>The file's own totals (a WeChat Pay bill's summary line, an Alipay bill's footer) disagree with the sum
    /// of its rows; the problem names the totals' line and which total.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string TotalsMismatch = "statement.totals_mismatch";

    /// <summary>A bank statement's running balance does not follow from the row before it and this row's amount.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string BalanceMismatch = "statement.balance_mismatch";

    /// <summary>An amount is not a decimal number of yuan with at most two places (further places may only be zeros),
    /// has the wrong sign for its row, or is zero where a movement needs one.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string AmountInvalid = "statement.amount_invalid";

    /// <summary>A transaction id appears twice in the file: with different content, or as the very same row repeated
    /// (a duplicate in the channel's data); the problem lists both lines.</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string DuplicateRow = "statement.duplicate_row";

    /// <summary>A bank statement was sent for an entity that has no saved column mapping (save it with
    /// <c>PUT …/entities/{entityId}/bank-statement-mapping</c> first).</summary>
    [AnsweredWith(StatusCodes.Status422UnprocessableEntity)]
    public const string MappingMissing = "statement.mapping_missing";

    /// <summary>The entity has no saved bank statement column mapping to read (<c>GET …/bank-statement-mapping</c>); save
    /// one with <c>PUT</c>.</summary>
    [AnsweredWith(StatusCodes.Status404NotFound)]
    public const string MappingNotFound = "statement.mapping_not_found";
}
