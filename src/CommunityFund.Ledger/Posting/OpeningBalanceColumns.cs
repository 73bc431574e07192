using System.Globalization;

namespace CommunityFund.Posting;

/// <summary>
/// The columns of an opening-balance file, as named in the refusals of <see cref="OpeningBalances"/>: each problem of a
/// line is a <see cref="PostingError"/> whose <see cref="PostingError.Field"/> is <c>lines[N].column</c>, N being the
/// line number in the file.
/// </summary>
public static class OpeningBalanceColumns
{
    /// <summary>The entity's id (主体).</summary>
    public const string Entity = "entity";

    /// <summary>The account's code (科目编码).</summary>
    public const string Account = "account";

    /// <summary>The account's name (科目名称).</summary>
    public const string Name = "name";

    /// <summary>The debit balance (借方).</summary>
    public const string Debit = "debit";

    /// <summary>The credit balance (贷方).</summary>
    public const string Credit = "credit";

    /// <summary>The restriction (限定).</summary>
    public const string Restriction = "restriction";

    /// <summary>The member, for agency (成员).</summary>
    public const string Member = "member";

    /// <summary>The field of a problem of one cell: <c>lines[N].column</c>.</summary>
    /// <param name="line">The line number in the file.</param>
    /// <param name="column">The column.</param>
    /// <returns>The field.</returns>
    public static string Field(int line, string column) => string.Create(CultureInfo.InvariantCulture, $"lines[{line}].{column}");

    /// <summary>Reads the line number and column back from a field made by <see cref="Field"/>.</summary>
    /// <param name="field">The field.</param>
    /// <param name="line">The line number.</param>
    /// <param name="column">The column.</param>
    /// <returns><c>true</c> when the field names a line.</returns>
    public static bool TryParseField(string? field, out int line, out string column)
    {
        line = 0;
        column = string.Empty;
        if (field is null || !field.StartsWith("lines[", StringComparison.Ordinal))
        {
            return false;
        }

        var close = field.IndexOf("].", StringComparison.Ordinal);
        if (close < 0 || !int.TryParse(field.AsSpan(6, close - 6), NumberStyles.None, CultureInfo.InvariantCulture, out line))
        {
            return false;
        }

        column = field[(close + 2)..];
        return true;
    }
}
