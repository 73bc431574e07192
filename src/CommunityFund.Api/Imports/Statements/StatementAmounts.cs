using System.Diagnostics.CodeAnalysis;
using CommunityFund.Ledger;

namespace CommunityFund.Api.Imports.Statements;

/// <summary>Amounts of yuan as statement files write them, read exactly (never through a binary floating point): an
/// optional sign, digits, and a point with at most two places — further places are accepted only when they are zeros
/// (WeChat Pay writes fees as <c>0.06000</c>). Grouping commas are removed (banks write <c>1,234.56</c>); a leading
/// backtick (WeChat Pay) and a leading plus sign are ignored.</summary>
internal static class StatementAmounts
{
    /// <summary>Reads an amount.</summary>
    /// <param name="text">The text.</param>
    /// <param name="money">The amount in yuan.</param>
    /// <param name="error">Why it is not one.</param>
    /// <returns>Whether it is one.</returns>
    internal static bool TryParse(string? text, out Money money, [NotNullWhen(false)] out string? error)
    {
        money = default;
        var value = (text ?? string.Empty).Trim().TrimStart('`').Replace(",", string.Empty, StringComparison.Ordinal);
        if (value.StartsWith('+'))
        {
            value = value[1..];
        }

        var point = value.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0 && value.Length - point - 1 > 2)
        {
            var extra = value[(point + 3)..];
            if (extra.Any(c => c != '0'))
            {
                error = $"'{text}' has more than two decimal places (an amount of yuan is exact to the fen).";
                return false;
            }

            value = value[..(point + 3)];
        }

        if (!Money.TryParse(value, Currency.CNY, out money, out var reason))
        {
            error = $"'{text}' is not an amount of yuan: {reason}";
            return false;
        }

        error = null;
        return true;
    }
}
